import { exportContentZip } from '@/lib/content/export';
import { adminRead, errorResponse } from '@/lib/http/admin-route';

export const dynamic = 'force-dynamic';

/** All content as a zip of front-matter documents plus categories.yaml (imports back to the same state). */
export async function GET() {
  const auth = await adminRead();
  if (auth.response) return auth.response;
  try {
    const zip = await exportContentZip();
    const day = new Date().toISOString().slice(0, 10);
    return new Response(Buffer.from(zip), {
      headers: {
        'Content-Type': 'application/zip',
        'Content-Disposition': `attachment; filename="layerlab-content-${day}.zip"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (err) {
    return errorResponse(err, 'export the content');
  }
}
