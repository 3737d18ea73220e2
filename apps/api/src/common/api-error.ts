/** Bilingual message: Vietnamese first, for officials; English for everyone else. */
export interface Bilingual {
  vi: string;
  en: string;
}

export const bilingual = (m: Bilingual): string => `${m.vi} / ${m.en}`;

/** An error the API answers with `{ code, message, details }` and a given status. Never a stack trace. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Bilingual,
    readonly details: Record<string, unknown> | unknown[] = {},
  ) {
    super(bilingual(text));
  }

  static validation(details: unknown[], text?: Bilingual): ApiError {
    return new ApiError(400, 'VALIDATION_ERROR', text ?? { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, details);
  }

  static notFound(what: string): ApiError {
    return new ApiError(404, 'NOT_FOUND', { vi: `Không tìm thấy ${what}`, en: `${what} not found` });
  }

  static conflict(reason: string): ApiError {
    return new ApiError(
      409,
      'CONFLICT',
      { vi: 'Thao tác không phù hợp với trạng thái hiện tại', en: 'Not allowed in the current state' },
      {
        reason,
      },
    );
  }

  static unauthenticated(reason = 'missing or invalid credentials'): ApiError {
    return new ApiError(
      401,
      'UNAUTHENTICATED',
      { vi: 'Chưa đăng nhập hoặc phiên đã hết hạn', en: 'Not signed in or session expired' },
      {
        reason,
      },
    );
  }

  static forbidden(): ApiError {
    return new ApiError(403, 'FORBIDDEN', { vi: 'Không có quyền thực hiện thao tác này', en: 'Not allowed' });
  }
}
