import { LINK_PROBLEM_STATUS, linkProblemPage, type LinkProblem } from './link-problem-page';

const CONTACT = { name: 'Sở Khoa học và Công nghệ', email: 'vanthu@skhcn.thanhhoa.example' };
const CSS = '<link rel="stylesheet" crossorigin href="/assets/index-abc.css">';

describe('linkProblemPage', () => {
  it.each<[LinkProblem, string, number]>([
    ['expired', 'Liên kết đã hết hạn', 410],
    ['revoked', 'Liên kết đã bị thu hồi', 403],
    ['invalid', 'Liên kết không hợp lệ', 403],
    ['not-found', 'Không tìm thấy nhiệm vụ', 404],
  ])('says what happened to a %s link and what to do next, in the app’s style', (problem, title, status) => {
    const html = linkProblemPage(problem, { ttlDays: 30, contact: CONTACT, stylesheets: CSS });
    expect(LINK_PROBLEM_STATUS[problem]).toBe(status);
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain(CSS);
    expect(html).toContain('class="top agency-top"');
    expect(html).toContain('Cần làm gì');
    expect(html).toContain('What to do');
    expect(html).toContain('liên hệ Sở Khoa học và Công nghệ (vanthu@skhcn.thanhhoa.example)');
    expect(html.indexOf('lang="vi"')).toBeLessThan(html.indexOf('<section lang="en"'));
    expect(html).not.toContain('<script');
    expect(html).toBe(html.normalize('NFC'));
  });

  it('states the link lifetime when it expired, and escapes names', () => {
    const html = linkProblemPage('expired', {
      ttlDays: 45,
      contact: { name: 'Sở <b>X</b>', email: null },
      stylesheets: '',
    });
    expect(html).toContain('có hiệu lực 45 ngày');
    expect(html).toContain('Sở &lt;b&gt;X&lt;/b&gt;');
    expect(html).not.toContain('<b>X</b>');
  });
});
