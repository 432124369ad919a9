// PBXs: how workers reach each Asterisk's AMI, and its trunks with their limits. The AMI
// secret is never sent: secretRef says where a worker reads it.
import { renderCatalogue } from '../catalogue.js';

export function render(view, ctx) {
  renderCatalogue(view, ctx, {
    title: 'PBXs',
    kind: 'pbx',
    route: 'pbxs',
    path: '/v1/pbxs',
    intro: 'Workers read a PBX when they start; the one of their AMI_* environment ("default") is not listed.',
    columns: [
      ['Name', (p) => p.name],
      ['AMI', (p) => `${p.amiUser}@${p.amiHost}:${p.amiPort}`],
      ['Secret from', (p) => p.secretRef],
      ['Trunks', (p) => (p.trunks || []).map((t) => `${t.name} (${t.maxChannels ?? '∞'} ch, ${t.callsPerSecond ?? '∞'}/s) ${t.id}`).join('; ')],
    ],
    fields: [
      { name: 'name', label: 'Name', required: true, hint: 'lower-case letters, digits and -' },
      { name: 'detail', label: 'Detail' },
      { name: 'amiHost', label: 'AMI host', required: true },
      { name: 'amiPort', label: 'AMI port', kind: 'int', placeholder: '5038' },
      { name: 'amiUser', label: 'AMI user', required: true },
      { name: 'secretRef', label: 'Secret reference', required: true, placeholder: 'env:PBX_A_SECRET', hint: 'env:NAME or file:/path' },
      { name: 'trunks', label: 'Trunks', kind: 'trunks', placeholder: 'name,maxChannels,callsPerSecond — one a line' },
    ],
  });
}
