import { upstream837, recentClaim } from '../test/integration/claims/claims-support.js';
import { read837p } from '../src/domain/x12/837p-reader.js';
const text = upstream837(Array.from({ length: 12 }, (_, i) => recentClaim(i + 1))).toString('latin1');
const t2 = text.replace('CLM*PCN00011*', `CLM*PCN00011${'9'.repeat(30)}*`);
console.log(t2 === text, read837p(t2).claims.map((c) => c.claim.controlNumber));
