import { effectiveDirectives, type Directive, type Node, type ParsedConfig } from '../parse/ast.js';
import type { TargetHooks } from './hooks.js';

/**
 * Fires the file and directive hooks for one configuration: every file first (so a rule can
 * index them), then every directive depth-first in the order the server reads them, with
 * includes expanded in place.
 */
export function traverseConfig(config: ParsedConfig, hooks: TargetHooks): void {
  for (const file of config.files) hooks.fileParsed.call(file);
  visit(config.nodes, [], hooks);
}

function visit(nodes: readonly Node[], parents: readonly Directive[], hooks: TargetHooks): void {
  for (const directive of effectiveDirectives(nodes)) {
    if (directive.dialect === 'nginx') {
      hooks.anyNginxDirective.call(directive, parents);
      hooks.nginxDirective.get(directive.name)?.call(directive, parents);
    } else {
      // httpd never reads what an inactive <IfModule>/<IfDefine> holds: nothing there takes effect.
      if (directive.inactive) continue;
      hooks.anyApacheDirective.call(directive, parents);
      if (directive.children) hooks.apacheSection.get(directive.lowerName)?.call(directive, parents);
      else hooks.apacheDirective.get(directive.lowerName)?.call(directive, parents);
    }
    if (directive.children) visit(directive.children, [...parents, directive], hooks);
  }
}
