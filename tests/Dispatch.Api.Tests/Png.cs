using System.Buffers.Binary;
using System.IO.Compression;

namespace Dispatch.Api.Tests;

/// <summary>Just enough PNG decoding (8-bit RGB/RGBA, non-interlaced, as Chromium writes screenshots) to count pixels of a colour.</summary>
public sealed class Png(int width, int height, byte[] rgba)
{
    public int Width => width;
    public int Height => height;

    public (byte R, byte G, byte B) this[int x, int y] => (rgba[(y * width + x) * 4], rgba[(y * width + x) * 4 + 1], rgba[(y * width + x) * 4 + 2]);

    public int Count(byte r, byte g, byte b, int tolerance = 3)
    {
        var count = 0;
        for (var i = 0; i < width * height; i++)
            if (Math.Abs(rgba[i * 4] - r) <= tolerance && Math.Abs(rgba[i * 4 + 1] - g) <= tolerance && Math.Abs(rgba[i * 4 + 2] - b) <= tolerance)
                count++;
        return count;
    }

    public static Png Read(byte[] file)
    {
        if (!file.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) throw new InvalidDataException("not a PNG");
        int width = 0, height = 0, channels = 0;
        using var data = new MemoryStream();
        for (var at = 8; at < file.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
            var body = file.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                if (body[8] != 8 || body[12] != 0) throw new InvalidDataException("only 8-bit non-interlaced PNGs");
                channels = body[9] switch { 2 => 3, 6 => 4, _ => throw new InvalidDataException($"colour type {body[9]}") };
            }
            else if (type == "IDAT") data.Write(body);
            at += 12 + length;
        }
        data.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(data, CompressionMode.Decompress)) z.CopyTo(inflated);
        var raw = inflated.ToArray();

        var stride = width * channels;
        var pixels = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                int value = raw[y * (stride + 1) + 1 + x];
                int left = x >= channels ? pixels[y * stride + x - channels] : 0;
                int up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
                int upLeft = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
                pixels[y * stride + x] = (byte)(filter switch
                {
                    0 => value,
                    1 => value + left,
                    2 => value + up,
                    3 => value + (left + up) / 2,
                    4 => value + Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"filter {filter}"),
                });
            }
        }
        var rgba = new byte[width * height * 4];
        for (var i = 0; i < width * height; i++)
        {
            rgba[i * 4] = pixels[i * channels];
            rgba[i * 4 + 1] = pixels[i * channels + 1];
            rgba[i * 4 + 2] = pixels[i * channels + 2];
            rgba[i * 4 + 3] = channels == 4 ? pixels[i * channels + 3] : (byte)255;
        }
        return new Png(width, height, rgba);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
