import fc from 'fast-check';
import { expect, it } from 'vitest';
import { parseMeta } from '../../src/snapshot/snapshot-reader.js';

/** The record's format as documented in command.ts: find's %m %U %G %y %s and, where it reads labels, %Z. */
const FORMAT = /^([0-7]{1,4}) (\d{1,20}) (\d{1,20}) ([fdlcbpsDU]) (\d{1,20})(?: (\S+))?$/;

it('reads exactly the records the documented format describes, with the same values', () => {
  const pieces = fc.constantFrom('0', '7', '8', '644', '07777', '17777', ' ', '  ', 'f', 'd', 'l', 'x', 'U', '\t', 'u:r:httpd_t:s0', '12345678901234567890', '123456789012345678901', '-1', 'é', '\n');
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
      const record = parts.join('');
      const match = FORMAT.exec(record);
      const parsed = parseMeta(record);
      if (match === null) return parsed === undefined;
      const [, mode, uid, gid, type, size, context] = match;
      expect(parsed).toEqual({ mode: parseInt(mode as string, 8), uid: Number(uid), gid: Number(gid), type, size: Number(size), context });
      return true;
    }),
    { numRuns: 20_000 },
  );
  expect(parseMeta('755 33 33 d 4096 system_u:object_r:httpd_sys_content_t:s0')).toEqual({ mode: 0o755, uid: 33, gid: 33, type: 'd', size: 4096, context: 'system_u:object_r:httpd_sys_content_t:s0' });
  for (const bad of ['644 0 0 f 12 ', '644 0 0 f 12 a b', '644 0 0 f', '64400 0 0 f 1', '644 0 0 ff 1']) expect(parseMeta(bad)).toBeUndefined();
});
