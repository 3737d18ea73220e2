import { renderMail, type AssignmentFacts, type MailKind, type MailMessage, type RenderedMail } from './templates';

const LINK = 'https://dondoc.thanhhoa.example/r/abc.DEF-123';

function facts(overrides: Partial<AssignmentFacts> = {}): AssignmentFacts {
  return {
    agencyName: 'UBND huyện Quảng Xương',
    dutyTitle: {
      vi: 'Chương trình phát thanh về chuyển đổi số trên Đài truyền thanh cấp xã',
      en: 'Commune radio: digital transformation programme',
    },
    clause: 'V.8',
    periodKey: '2025-07',
    dueDate: '2025-08-05',
    evidence: [{ vi: 'Số lần phát lại (tối thiểu 3)', en: 'Number of rebroadcasts (at least 3)' }],
    binding: true,
    link: LINK,
    ictDepartment: { vi: 'Sở Khoa học và Công nghệ', en: 'the ICT department (Sở Khoa học và Công nghệ)' },
    ...overrides,
  };
}

const requested = (): AssignmentFacts =>
  facts({
    agencyName: 'Ban Tuyên giáo Tỉnh ủy',
    dutyTitle: {
      vi: 'Định hướng nội dung thông tin tuyên truyền trong khối tư tưởng',
      en: 'Orient communication content across the ideological sector',
    },
    clause: 'V.6',
    binding: false,
  });

/** One message per kind, with the Vietnamese subject prefix and English subject prefix expected. */
const CASES: Array<{ msg: MailMessage; vi: string; en: string }> = [
  { msg: { kind: 'assigned', facts: facts() }, vi: 'Giao nhiệm vụ', en: 'New assignment' },
  { msg: { kind: 'reminder', facts: facts(), workingDaysLeft: 3 }, vi: 'Nhắc việc', en: 'Reminder' },
  { msg: { kind: 'due-today', facts: facts() }, vi: 'Đến hạn hôm nay', en: 'Due today' },
  {
    msg: { kind: 'prod', facts: facts(), message: 'Đề nghị gửi báo cáo trước ngày 10/8.' },
    vi: 'Đôn đốc thực hiện nhiệm vụ',
    en: 'Follow-up on duty',
  },
  {
    msg: { kind: 'overdue-notice', facts: facts(), workingDaysOverdue: 4 },
    vi: 'Thông báo nhiệm vụ quá hạn',
    en: 'Overdue notice',
  },
  {
    msg: { kind: 'escalation-ict', facts: facts(), workingDaysOverdue: 8, letterNumber: '15/CV-STTTT-DD' },
    vi: 'Đề nghị ban hành công văn đôn đốc số 15/CV-STTTT-DD',
    en: 'Formal urging letter No. 15/CV-STTTT-DD',
  },
  {
    msg: { kind: 'escalation-ppc', facts: facts(), workingDaysOverdue: 15, letterNumber: '15/CV-STTTT-DD' },
    vi: 'Báo cáo cơ quan chưa thực hiện nhiệm vụ',
    en: 'Non-compliance report',
  },
  {
    msg: { kind: 'returned', facts: facts(), reason: 'Thiếu đường dẫn bản tin.' },
    vi: 'Báo cáo cần bổ sung, hoàn thiện',
    en: 'Report returned for revision',
  },
  {
    msg: { kind: 'accepted', facts: facts(), doneOnTime: true, shortfalls: [] },
    vi: 'Báo cáo đã được chấp nhận',
    en: 'Report accepted',
  },
  {
    msg: { kind: 'extension-decided', facts: facts(), approved: true, newDueDate: '2025-08-15', note: null },
    vi: 'Đồng ý gia hạn',
    en: 'Extension approved',
  },
  {
    msg: { kind: 'extension-decided', facts: facts(), approved: false, newDueDate: null, note: null },
    vi: 'Không đồng ý gia hạn',
    en: 'Extension refused',
  },
  {
    msg: { kind: 'report-arrived', facts: facts(), resubmission: false, shortfalls: [] },
    vi: 'Báo cáo chờ duyệt',
    en: 'Report awaiting review',
  },
  {
    msg: { kind: 'deadline-moved', facts: facts(), from: '2025-08-04', to: '2025-08-05' },
    vi: 'Điều chỉnh hạn báo cáo',
    en: 'Deadline moved',
  },
];

const ALL_KINDS: MailKind[] = [
  'assigned',
  'reminder',
  'due-today',
  'prod',
  'overdue-notice',
  'escalation-ict',
  'escalation-ppc',
  'returned',
  'accepted',
  'extension-decided',
  'report-arrived',
  'deadline-moved',
];

/** Index of a marker, failing loudly rather than returning -1. */
function at(haystack: string, needle: string): number {
  const i = haystack.indexOf(needle);
  if (i < 0) {
    throw new Error(`"${needle}" not found in:\n${haystack}`);
  }
  return i;
}

function expectNfc(mail: RenderedMail): void {
  for (const s of [mail.subject, mail.text, mail.html]) {
    expect(s === s.normalize('NFC')).toBe(true);
  }
}

describe('renderMail', () => {
  it('has a case for every kind', () => {
    expect(new Set(CASES.map((c) => c.msg.kind))).toEqual(new Set(ALL_KINDS));
  });

  describe.each(CASES.map((c) => [`${c.msg.kind} (${c.vi})`, c] as const))('%s', (_name, { msg, vi, en }) => {
    const mail = renderMail(msg);

    it('has a bilingual subject, Vietnamese first', () => {
      expect(mail.subject.startsWith(`${vi}: `)).toBe(true);
      const slash = at(mail.subject, ' / ');
      expect(mail.subject.slice(slash + 3).startsWith(en)).toBe(true);
      expect(mail.subject).not.toMatch(/[\r\n]/);
    });

    it.each(['text', 'html'] as const)('states the facts and the link in %s', (part) => {
      const body = mail[part];
      expect(body).toContain(LINK);
      expect(body).toContain('V.8');
      expect(body).toContain('05/08/2025');
      // The period in words, never its key.
      expect(body).toContain('Tháng 7/2025');
      expect(body).toContain('July 2025');
      expect(body).not.toContain('2025-07');
      expect(body).toContain('Chương trình phát thanh về chuyển đổi số trên Đài truyền thanh cấp xã');
      expect(body).toContain('Commune radio: digital transformation programme');
      expect(body).not.toContain('2025-08-05');
    });

    it.each(['text', 'html'] as const)(
      'states the Decree 09 reporting month of the monthly duty once per language in %s',
      (part) => {
        const body = mail[part];
        const vi = 'từ 15/06/2025 đến 14/07/2025 (Nghị định 09/2019/NĐ-CP)';
        const en = '15 June 2025 to 14 July 2025 (Decree 09/2019/ND-CP)';
        if (part === 'text') {
          const lines = body.split('\n');
          expect(lines.filter((l) => l === `Số liệu báo cáo tháng: ${vi}`)).toHaveLength(1);
          expect(lines.filter((l) => l === `Reporting-month data: ${en}`)).toHaveLength(1);
          // Right under the period it belongs to.
          expect(lines[lines.indexOf(`Số liệu báo cáo tháng: ${vi}`) - 1]).toBe(
            'Kỳ: Tháng 7/2025 (từ 1/7/2025 đến 31/7/2025)',
          );
        } else {
          expect(body.split(`<b>Số liệu báo cáo tháng:</b> ${vi}`)).toHaveLength(2);
          expect(body.split(`<b>Reporting-month data:</b> ${en}`)).toHaveLength(2);
        }
        expect(at(body, 'Số liệu báo cáo tháng:')).toBeLessThan(at(body, 'Reporting-month data:'));
      },
    );

    it.each(['text', 'html'] as const)('puts Vietnamese before English in %s', (part) => {
      const body = mail[part];
      expect(at(body, 'Nhiệm vụ:')).toBeLessThan(at(body, 'Duty:'));
      expect(at(body, 'Kỳ:')).toBeLessThan(at(body, 'Period:'));
      expect(at(body, vi === 'Giao nhiệm vụ' ? 'được giao' : 'dưới đây')).toBeLessThan(at(body, 'below'));
    });

    it.each(['text', 'html'] as const)('opens with "Kính gửi" in %s, then "To"', (part) => {
      const body = mail[part];
      const to = /Kính gửi: ([^<\n]+)\./.exec(body);
      expect(to).not.toBeNull();
      expect(at(body, 'Kính gửi:')).toBeLessThan(at(body, 'Nhiệm vụ:'));
      expect(at(body, 'Kính gửi:')).toBeLessThan(at(body, 'To:'));
      expect(body.split('Kính gửi:')).toHaveLength(2);
    });

    it('shows a short link text in HTML, the address only in the href', () => {
      const anchor = /<a href="([^"]+)"><b>([^<]+)<\/b><\/a>/.exec(mail.html)!;
      expect(anchor[1]).toBe(LINK);
      expect(anchor[2]).toMatch(/^(Mở nhiệm vụ|Xem nhiệm vụ)/);
      expect(mail.html.split(LINK)).toHaveLength(3); // one href per language
    });

    it('marks the languages in HTML', () => {
      expect(mail.html).toContain('<html lang="vi">');
      expect(at(mail.html, '<div lang="vi">')).toBeLessThan(at(mail.html, '<div lang="en">'));
      expect(mail.html).toContain(`href="${LINK}"`);
    });

    it('is NFC', () => {
      expectNfc(mail);
    });
  });

  it('quotes the ICT officer’s message in a prod, and leaves it out when null', () => {
    const withMessage = renderMail({ kind: 'prod', facts: facts(), message: 'Đề nghị gửi báo cáo trước ngày 10/8.' });
    expect(withMessage.text).toContain('Ý kiến của Sở Khoa học và Công nghệ:\n“Đề nghị gửi báo cáo trước ngày 10/8.”');
    expect(withMessage.html).toContain('<b>Ý kiến của Sở Khoa học và Công nghệ:</b>');
    expect(withMessage.text).toContain('Sở Khoa học và Công nghệ đôn đốc UBND huyện Quảng Xương khẩn trương');
    const without = renderMail({ kind: 'prod', facts: facts(), message: null });
    expect(without.text).not.toContain('Ý kiến của Sở Khoa học và Công nghệ');
    expect(without.html).not.toContain('<blockquote>');
  });

  it('addresses the overdue notice to the head of the agency with the days overdue', () => {
    const mail = renderMail({ kind: 'overdue-notice', facts: facts(), workingDaysOverdue: 4 });
    expect(mail.subject).toContain('quá hạn 4 ngày làm việc');
    expect(mail.subject).toContain('4 working days overdue');
    expect(mail.text).toContain('Kính gửi: Thủ trưởng UBND huyện Quảng Xương.');
    expect(mail.text).toContain('đã quá hạn 4 ngày làm việc');
    expect(mail.text).toContain(
      'Đề nghị Thủ trưởng cơ quan khẩn trương chỉ đạo hoàn thành nhiệm vụ và báo cáo kết quả',
    );
    expect(mail.text).not.toContain('Kính đề nghị');
    expect(renderMail({ kind: 'overdue-notice', facts: facts(), workingDaysOverdue: 1 }).subject).toContain(
      '1 working day overdue',
    );
  });

  it('words the overdue notice of a requested (non-binding) duty as a polite request', () => {
    const mail = renderMail({ kind: 'overdue-notice', facts: requested(), workingDaysOverdue: 2 });
    expect(mail.text).toContain('mà UBND tỉnh đề nghị Ban Tuyên giáo Tỉnh ủy thực hiện');
    expect(mail.text).toContain('Kính đề nghị Thủ trưởng cơ quan quan tâm, chỉ đạo hoàn thành nhiệm vụ');
    expect(mail.text).not.toContain('khẩn trương chỉ đạo');
    expect(mail.text).toContain('(Nhiệm vụ theo đề nghị của UBND tỉnh.)');
    expect(mail.text).toContain('We would be grateful if the head of the agency could kindly direct');
    expect(mail.html).toContain('<i>Nhiệm vụ theo đề nghị của UBND tỉnh.</i>');
    expect(at(mail.text, 'Kính đề nghị')).toBeLessThan(at(mail.text, 'We would be grateful'));
  });

  it.each(ALL_KINDS)('keeps the "requested by the PPC" line for a non-binding duty (%s)', (kind) => {
    const msg = CASES.find((c) => c.msg.kind === kind)!.msg;
    const mail = renderMail({ ...msg, facts: requested() });
    expect(at(mail.text, '(Nhiệm vụ theo đề nghị của UBND tỉnh.)')).toBeLessThan(
      at(mail.text, '(Requested by the Provincial People’s Committee.)'),
    );
    expect(renderMail(msg).text).not.toContain('Nhiệm vụ theo đề nghị của UBND tỉnh');
  });

  it('asks the ICT department to issue the numbered urging letter', () => {
    const mail = renderMail({
      kind: 'escalation-ict',
      facts: facts(),
      workingDaysOverdue: 8,
      letterNumber: '15/CV-STTTT-DD',
    });
    expect(mail.subject).toContain('15/CV-STTTT-DD');
    expect(mail.subject.split(' / ')[1]).toContain('15/CV-STTTT-DD');
    expect(mail.text).toContain('Kính gửi: Sở Khoa học và Công nghệ.');
    expect(mail.text).toContain('UBND huyện Quảng Xương chưa báo cáo kết quả');
    expect(mail.text).toContain('quá hạn 8 ngày làm việc');
    expect(mail.text).toContain('ban hành và gửi Công văn đôn đốc số 15/CV-STTTT-DD đến UBND huyện Quảng Xương');
    expect(mail.html).toContain('15/CV-STTTT-DD');
  });

  it('reports the non-complying agency to the Office of the PPC for the Chairman', () => {
    const mail = renderMail({
      kind: 'escalation-ppc',
      facts: facts(),
      workingDaysOverdue: 15,
      letterNumber: '15/CV-STTTT-DD',
    });
    expect(mail.subject).toContain('UBND huyện Quảng Xương');
    expect(mail.subject).toContain('Công văn số 15/CV-STTTT-DD');
    expect(mail.subject).toContain('letter No. 15/CV-STTTT-DD');
    expect(mail.text).toContain('Kính gửi: Văn phòng UBND tỉnh.');
    expect(mail.text).toContain('mặc dù đã được đôn đốc tại Công văn số 15/CV-STTTT-DD');
    expect(mail.text).toContain('báo cáo Chủ tịch UBND tỉnh xem xét, chỉ đạo');
    expect(mail.text).toContain('Chairman of the Provincial People’s Committee');
  });

  it('gives the reason a report was returned, escaped in HTML', () => {
    const reason = 'Thiếu minh chứng <script>alert("x")</script> & số liệu';
    const mail = renderMail({ kind: 'returned', facts: facts(), reason });
    expect(mail.text).toContain(`Lý do:\n“${reason}”`);
    expect(mail.text).toContain('chưa hoàn thành cho đến khi UBND huyện Quảng Xương gửi lại báo cáo');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; số liệu');
  });

  it('escapes every interpolated fact in HTML', () => {
    const mail = renderMail({
      kind: 'assigned',
      facts: facts({ agencyName: 'A <b>&</b>', link: 'https://x.example/r/a?b=1&c="2"' }),
    });
    expect(mail.html).toContain('A &lt;b&gt;&amp;&lt;/b&gt;');
    expect(mail.html).toContain('href="https://x.example/r/a?b=1&amp;c=&quot;2&quot;"');
    expect(mail.html).not.toContain('<b>&</b>');
  });

  it('addresses each email to the body it is for', () => {
    expect(renderMail({ kind: 'assigned', facts: facts() }).text.startsWith('Kính gửi: UBND huyện Quảng Xương.')).toBe(
      true,
    );
    expect(renderMail({ kind: 'assigned', facts: facts() }).text).toContain('To: UBND huyện Quảng Xương.');
    expect(renderMail({ kind: 'assigned', facts: facts() }).subject).toContain('(tháng 7/2025, hạn 05/08/2025)');
    expect(renderMail({ kind: 'assigned', facts: facts() }).subject).toContain('(July 2025, due 05/08/2025)');
    expect(renderMail({ kind: 'assigned', facts: facts({ periodKey: 'dot-kiem-tra' }) }).subject).toContain(
      '(kỳ dot-kiem-tra, hạn',
    );
  });

  it('states no reporting month for a period that is itself a Decree 09 window or no period', () => {
    for (const periodKey of ['2025-R07', '2025-Q3', '2025-H1', '2025', 'dot-kiem-tra']) {
      const mail = renderMail({ kind: 'reminder', facts: facts({ periodKey }), workingDaysLeft: 3 });
      expect(mail.text).not.toContain('Số liệu báo cáo tháng');
      expect(mail.html).not.toContain('Reporting-month data');
    }
    // A reporting month names its own data window in the period line.
    expect(renderMail({ kind: 'assigned', facts: facts({ periodKey: '2025-R07' }) }).text).toContain(
      'Kỳ: Tháng 7/2025 (số liệu từ 15/6/2025 đến 14/7/2025)',
    );
  });

  it('tells the ICT department a report awaits its review, with the targets it misses', () => {
    const mail = renderMail({
      kind: 'report-arrived',
      facts: facts(),
      resubmission: true,
      shortfalls: [{ label: { vi: 'Số lần phát lại', en: 'Rebroadcasts' }, target: 3, actual: 1 }],
    });
    expect(mail.subject).toContain('Báo cáo chờ duyệt: UBND huyện Quảng Xương');
    expect(mail.text).toContain('đã gửi lại báo cáo sau khi bổ sung, hoàn thiện');
    expect(mail.text).toContain('- Số lần phát lại: 1/3');
    expect(mail.text).toContain('- Rebroadcasts: 1/3');
    expect(at(mail.text, 'Xem nhiệm vụ và duyệt báo cáo')).toBeLessThan(
      at(mail.text, 'View the assignment and review'),
    );
    expect(mail.text).not.toContain('Kính gửi: UBND huyện Quảng Xương.');
  });

  it('says whether an accepted report was on time or late', () => {
    const onTime = renderMail({ kind: 'accepted', facts: facts(), doneOnTime: true, shortfalls: [] });
    expect(onTime.subject).toContain('hoàn thành đúng hạn');
    expect(onTime.text).toContain('đã được chấp nhận');
    expect(onTime.text).not.toContain('tiếp nhận');
    expect(onTime.text).not.toContain('chưa đạt chỉ tiêu');
    const late = renderMail({ kind: 'accepted', facts: facts(), doneOnTime: false, shortfalls: [] });
    expect(late.subject).toContain('hoàn thành quá hạn');
    expect(late.subject).toContain('completed late');
    expect(late.text).toContain('Nhiệm vụ được ghi nhận hoàn thành quá hạn');
  });

  it('lists the shortfalls of a report accepted below target', () => {
    const mail = renderMail({
      kind: 'accepted',
      facts: facts(),
      doneOnTime: true,
      shortfalls: [
        { label: { vi: 'Số lần phát lại', en: 'Number of rebroadcasts' }, actual: 2, target: 3 },
        { label: { vi: 'Số bản tin', en: 'News items' }, actual: 5, target: 8 },
      ],
    });
    expect(mail.subject).toContain('chưa đạt chỉ tiêu');
    expect(mail.text).toContain('chưa đạt chỉ tiêu');
    expect(mail.text).toContain('- Số lần phát lại: 2/3\n- Số bản tin: 5/8');
    expect(mail.text).toContain('- Number of rebroadcasts: 2/3\n- News items: 5/8');
    expect(mail.html).toContain('<li>Số lần phát lại: 2/3</li><li>Số bản tin: 5/8</li>');
    expect(at(mail.text, 'Số lần phát lại: 2/3')).toBeLessThan(at(mail.text, 'Number of rebroadcasts: 2/3'));
  });

  it('gives the new deadline of an approved extension', () => {
    const mail = renderMail({
      kind: 'extension-decided',
      facts: facts(),
      approved: true,
      newDueDate: '2025-08-15',
      note: 'Lý do chính đáng: mưa bão.',
    });
    expect(mail.subject).toBe(
      'Đồng ý gia hạn: Chương trình phát thanh về chuyển đổi số trên Đài truyền thanh cấp xã – hạn mới 15/08/2025' +
        ' / Extension approved: Commune radio: digital transformation programme – new deadline 15/08/2025',
    );
    expect(mail.text).toContain('Hạn báo cáo mới: 15/08/2025 (hạn cũ: 05/08/2025)');
    expect(mail.text).toContain('Ghi chú:\n“Lý do chính đáng: mưa bão.”');
    expect(mail.html).toContain('15/08/2025');
  });

  it('tells the agency, in words and dd/mm/yyyy, that a calendar change moved its deadline', () => {
    const mail = renderMail({ kind: 'deadline-moved', facts: facts(), from: '2025-08-04', to: '2025-08-05' });
    expect(mail.subject).toBe(
      'Điều chỉnh hạn báo cáo: Chương trình phát thanh về chuyển đổi số trên Đài truyền thanh cấp xã – hạn mới 05/08/2025' +
        ' / Deadline moved: Commune radio: digital transformation programme – new deadline 05/08/2025',
    );
    expect(mail.text).toContain('ngày 04/08/2025 trở thành ngày nghỉ');
    expect(mail.text).toContain('được chuyển sang ngày làm việc tiếp theo: 05/08/2025');
    expect(mail.text).toContain('Hạn báo cáo mới: 05/08/2025 (hạn cũ: 04/08/2025)');
    expect(mail.text).toContain('New deadline: 05/08/2025 (previously 04/08/2025)');
    expect(at(mail.text, 'Hạn báo cáo mới')).toBeLessThan(at(mail.text, 'New deadline'));
    expect(mail.text).not.toContain('2025-08-04');
  });

  it('keeps the deadline of a refused extension', () => {
    const mail = renderMail({
      kind: 'extension-decided',
      facts: facts(),
      approved: false,
      newDueDate: null,
      note: null,
    });
    expect(mail.subject).toContain('giữ nguyên hạn 05/08/2025');
    expect(mail.subject).toContain('deadline unchanged (05/08/2025)');
    expect(mail.text).toContain('Hạn báo cáo giữ nguyên: 05/08/2025');
    expect(mail.text).not.toContain('Ghi chú');
  });

  it('normalises decomposed (NFD) input to NFC', () => {
    const nfd = (s: string): string => s.normalize('NFD');
    const input = facts({
      agencyName: nfd('Sở Văn hóa, Thể thao và Du lịch'),
      dutyTitle: { vi: nfd('Hội nghị tập huấn chuyển đổi số'), en: 'Training' },
    });
    expect(input.agencyName === input.agencyName.normalize('NFC')).toBe(false);
    const mail = renderMail({ kind: 'returned', facts: input, reason: nfd('Thiếu số liệu tổng hợp') });
    expectNfc(mail);
    expect(mail.text).toContain('Sở Văn hóa, Thể thao và Du lịch');
    expect(mail.text).toContain('Thiếu số liệu tổng hợp');
  });
});

describe('the ICT department named in mail', () => {
  it('is the one given for the sending date, in the lead, the addressee line and the signature', () => {
    const before = renderMail({
      kind: 'escalation-ict',
      facts: facts({
        ictDepartment: { vi: 'Sở Thông tin và Truyền thông', en: 'the ICT department (Sở Thông tin và Truyền thông)' },
      }),
      workingDaysOverdue: 8,
      letterNumber: '15/CV-DD',
    });
    expect(before.text).toContain('Kính gửi: Sở Thông tin và Truyền thông.');
    expect(before.text).toContain('Sở Thông tin và Truyền thông tỉnh Thanh Hóa – hệ thống đôn đốc dondoc');
    const after = renderMail({ kind: 'prod', facts: facts(), message: null });
    expect(after.text).toContain('Sở Khoa học và Công nghệ tỉnh Thanh Hóa – hệ thống đôn đốc dondoc');
    expect(after.text).not.toContain('Thông tin và Truyền thông');
    expect(after.html).not.toContain('Thông tin và Truyền thông');
    const short = renderMail({
      kind: 'prod',
      facts: facts({ ictDepartment: { vi: 'Sở TT&TT', en: 'Sở TT&TT' } }),
      message: 'x',
    });
    expect(short.html).toContain('Ý kiến của Sở TT&amp;TT');
  });
});
