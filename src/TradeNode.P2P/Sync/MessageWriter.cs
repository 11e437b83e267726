namespace TradeNode.P2P.Sync;

/// <summary>Builds one reconciliation message into a growing buffer.</summary>
internal sealed class MessageWriter
{
    private byte[] _buffer = new byte[256];

    public int Length { get; private set; }

    /// <summary>The upper bound of the last range written (zero before any).</summary>
    public Bound LastBound { get; private set; }

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    public void WriteVarint(int value)
    {
        // LEB128: seven bits per byte, low group first, high bit set on every byte but the last.
        var v = (uint)value;
        while (v >= 0x80)
        {
            WriteByte((byte)(v | 0x80));
            v >>= 7;
        }

        WriteByte((byte)v);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    public void WriteRangeHeader(Bound upper, RangeMode mode)
    {
        LastBound = upper;
        if (upper.IsInfinity)
        {
            WriteVarint((MessageReader.InfinityCode << MessageReader.ModeBits) | (int)mode);
            return;
        }

        var length = upper.PrefixLength;
        WriteVarint((length << MessageReader.ModeBits) | (int)mode);
        Span<byte> full = stackalloc byte[32];
        upper.WriteTo(full);
        WriteBytes(full[..length]);
    }

    public Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }

        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }

    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();
}
