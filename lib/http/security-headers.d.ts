export function contentSecurityPolicy(opts?: { dev?: boolean; imageHosts?: string[] }): string;
export function securityHeaders(opts?: { dev?: boolean; imageHosts?: string[] }): { key: string; value: string }[];
export function parseImageHosts(raw: string | undefined): string[];
