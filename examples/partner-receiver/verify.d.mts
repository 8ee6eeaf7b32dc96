export declare const TOLERANCE_SECONDS: number;
export declare function verifyNotification(input: {
  secret: string;
  headers: Record<string, string | string[] | undefined>;
  body: string | Buffer;
  now?: Date;
  toleranceSeconds?: number;
}): { ok: true } | { ok: false; reason: string };
