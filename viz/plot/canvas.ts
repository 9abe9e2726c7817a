/**
 * The canvas the node timeline rasterises its bars into past a few thousand
 * bars (views/gantt.ts drawCanvas: createImageData, putImageData, toDataURL),
 * for drawing outside a browser, where jsdom has none: the pixels are kept
 * and written as a PNG (RFC 2083: signature, IHDR, one zlib-compressed IDAT
 * of filter-0 scanlines, IEND). Deterministic: the same pixels give the same
 * bytes, so a figure with 10^6 jobs stays a small SVG with one image in it.
 */
import { deflateSync } from 'node:zlib';

interface ImageLike {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export function pngCanvas(): HTMLCanvasElement {
  let image: ImageLike | null = null;
  const canvas = {
    width: 300,
    height: 150,
    getContext: () => ({
      createImageData: (w: number, h: number): ImageLike => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }),
      putImageData: (img: ImageLike) => {
        image = img;
      },
    }),
    toDataURL: () => `data:image/png;base64,${encodePng(image ?? { width: canvas.width, height: canvas.height, data: new Uint8ClampedArray(canvas.width * canvas.height * 4) }).toString('base64')}`,
  };
  return canvas as unknown as HTMLCanvasElement;
}

/** RGBA pixels as a PNG file. */
export function encodePng(img: ImageLike): Buffer {
  const { width, height, data } = img;
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type 0: the scanline as it is
    raw.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, adaptive filtering, no interlace
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, body: Buffer): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  body.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

let table: Uint32Array | null = null;
/** CRC-32 of a chunk's type and data (RFC 2083 section 3.4, polynomial 0xEDB88320). */
function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
