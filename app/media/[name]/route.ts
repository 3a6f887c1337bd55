// GET /media/{name} — an image ingest copied from beside an issue's source (lib/ingest/images.ts).
import fs from "node:fs/promises";
import path from "node:path";
import { ApiError, withApi } from "@/lib/api/errors";
import { MEDIA_NAME, MEDIA_TYPES, getMediaDir } from "@/lib/media";

export const dynamic = "force-dynamic";

export const GET = withApi(async (_request, { params }: { params: Promise<{ name: string }> }) => {
  const { name } = await params;
  // Only names ingest gives (a content hash and an image extension): no paths, no other files.
  const match = MEDIA_NAME.exec(name);
  if (!match) throw new ApiError("not_found", "No such image.");
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path.join(getMediaDir(), name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new ApiError("not_found", "No such image.");
    throw err;
  }
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": MEDIA_TYPES[match[1]!]!,
      "content-length": String(bytes.length),
      // The name is the content's hash: it never changes.
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
      // An SVG opened on its own can't run scripts or load anything.
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    },
  });
});
