import { RECOVERED_SUBMISSION_PREFIX } from '../../../../libs/domain/src/evidence';
import { submitBody } from './schemas';

describe('submitBody', () => {
  const body = (submissionId: string) => ({ submissionId, values: { programmes: 1 } });

  it('accepts an agency’s own submission id', () => {
    expect(submitBody.safeParse(body('bao-cao-thang-12')).success).toBe(true);
  });

  it('refuses an id with the recovered prefix, which marks reports rebuilt from older records', () => {
    const result = submitBody.safeParse(body(`${RECOVERED_SUBMISSION_PREFIX}42`));
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['submissionId'], message: expect.stringContaining('khôi phục') }),
    ]);
  });
});
