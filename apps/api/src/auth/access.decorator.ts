import { SetMetadata } from '@nestjs/common';
import type { Caller } from './principal';

export const ACCESS_KEY = 'dondoc:access';

/** Who may call a route; anything else is refused by the guard (401 without credentials, 403 otherwise). */
export const Access = (...callers: Caller[]): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_KEY, callers);

/** Routes open to everyone: health, login, the OpenAPI document. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_KEY, 'public');

export const STAFF: Caller[] = ['admin', 'officer'];
export const READERS: Caller[] = ['admin', 'officer', 'viewer'];
export const AGENCIES: Caller[] = ['agency', 'link'];
