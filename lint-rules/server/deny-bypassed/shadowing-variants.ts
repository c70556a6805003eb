import type { ServerSummary } from '../../../src/model/types.js';
import type { NginxServer } from '../../../src/model/nginx/index.js';
import type { ProbedModel, Question } from '../../../src/probe/types.js';
import { allLocations } from '../../nginx/nginx-server.js';

/**
 * URLs a regex location's deny is written for, placed where an `=` or `^~` location (or a
 * plain prefix one, which the simulator then shows the regex still wins) may answer them
 * instead: the refused URL's last segment under each prefix location, and each exact URI the
 * regex matches. Only URLs the denying location's own regex matches: those it means to refuse.
 */
export function shadowingVariants(model: ProbedModel, server: ServerSummary, question: Question): string[] {
  if (model.dialect !== 'nginx') return [];
  const locations = [...allLocations((server as NginxServer).locations)];
  const denying = locations.find((l) => l.directive === question.scope);
  const regex = denying?.regex;
  if (regex === undefined) return [];
  const name = question.path.split('/').at(-1) ?? '';
  if (name === '') return [];
  const variants = new Set<string>();
  for (const location of locations) {
    if (location === denying || location.regex !== undefined) continue;
    if (location.modifier === 'exact') variants.add(encodeURI(location.pattern));
    else if (location.modifier === 'prefix' || location.modifier === 'prefix-noregex') variants.add(`${encodeURI(location.pattern.replace(/\/?$/, '/'))}${name}`);
  }
  return [...variants].filter((url) => url !== question.path && regex.test(decodeURI(url)));
}
