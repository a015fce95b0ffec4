using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ResilienceLab.Reporting.Tests.TestSupport;

/// <summary>
/// Just enough PNG decoding for screenshot assertions: 8-bit RGB or RGBA, not interlaced (what Chromium
/// writes). Chunks are read, IDAT inflated with zlib, and the five row filters undone.
/// </summary>
internal sealed class PngImage
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private PngImage(int width, int height, int channels, byte[] pixels)
    {
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public int Channels { get; }

    /// <summary>Unfiltered rows, <see cref="Channels"/> bytes per pixel.</summary>
    public byte[] Pixels { get; }

    public static PngImage Decode(byte[] png)
    {
        if (!png.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw new InvalidDataException("not a PNG");
        }

        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                var (bitDepth, colorType, interlace) = (data[8], data[9], data[12]);
                channels = colorType switch { 2 => 3, 6 => 4, _ => throw new NotSupportedException($"PNG color type {colorType}") };
                if (bitDepth != 8 || interlace != 0)
                {
                    throw new NotSupportedException($"PNG bit depth {bitDepth}, interlace {interlace}");
                }
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            else if (type == "IEND")
            {
                break;
            }

            at += 12 + length;
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        return new PngImage(width, height, channels, Unfilter(inflated.ToArray(), width, height, channels));
    }

    /// <summary>Counts pixels matching <paramref name="predicate"/> (r, g, b).</summary>
    public int Count(Func<byte, byte, byte, bool> predicate)
    {
        var count = 0;
        for (var i = 0; i < Pixels.Length; i += Channels)
        {
            count += predicate(Pixels[i], Pixels[i + 1], Pixels[i + 2]) ? 1 : 0;
        }

        return count;
    }

    /// <summary>The x of every column holding a pixel matching <paramref name="predicate"/> between rows <paramref name="top"/> and <paramref name="bottom"/>.</summary>
    public SortedSet<int> Columns(Func<byte, byte, byte, bool> predicate, int top = 0, int bottom = int.MaxValue)
    {
        var columns = new SortedSet<int>();
        for (var y = Math.Max(top, 0); y < Math.Min(bottom, Height); y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var i = ((y * Width) + x) * Channels;
                if (predicate(Pixels[i], Pixels[i + 1], Pixels[i + 2]))
                {
                    columns.Add(x);
                }
            }
        }

        return columns;
    }

    private static byte[] Unfilter(byte[] data, int width, int height, int channels)
    {
        var stride = width * channels;
        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = data[y * (stride + 1)];
            var source = data.AsSpan((y * (stride + 1)) + 1, stride);
            var row = pixels.AsSpan(y * stride, stride);
            var up = y > 0 ? pixels.AsSpan((y - 1) * stride, stride) : new byte[stride];
            for (var x = 0; x < stride; x++)
            {
                var left = x >= channels ? row[x - channels] : 0;
                var above = up[x];
                var upperLeft = x >= channels ? up[x - channels] : 0;
                row[x] = (byte)(source[x] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => above,
                    3 => (left + above) / 2,
                    4 => Paeth(left, above, upperLeft),
                    _ => throw new InvalidDataException($"PNG filter {filter}"),
                });
            }
        }

        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
