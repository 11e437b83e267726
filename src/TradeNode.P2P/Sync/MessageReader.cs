namespace TradeNode.P2P.Sync;

/// <summary>Reads one reconciliation message; every malformation is a <see cref="FormatException"/> with a sentence.</summary>
internal ref struct MessageReader
{
    /// <summary>The bound code meaning infinity; codes 0..32 are prefix lengths.</summary>
    public const int InfinityCode = 33;

    /// <summary>The low bits of a range header that hold the mode.</summary>
    public const int ModeBits = 3;

    private readonly ReadOnlySpan<byte> _data;

    public MessageReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        Position = 0;
    }

    public int Position { get; private set; }

    public readonly int Remaining => _data.Length - Position;

    public readonly bool End => Position >= _data.Length;

    public byte ReadByte()
    {
        if (End)
        {
            throw new FormatException("The reconciliation message ends in the middle of a range.");
        }

        return _data[Position++];
    }

    /// <summary>Reads a minimal LEB128 varint no larger than <paramref name="max"/>.</summary>
    public int ReadVarint(int max, string what)
    {
        uint value = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 28)
            {
                throw new FormatException($"The {what} of a reconciliation message is too long a varint.");
            }

            var b = ReadByte();
            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if (b == 0 && shift > 0)
                {
                    throw new FormatException($"The {what} of a reconciliation message is not a minimal varint.");
                }

                break;
            }
        }

        if (value > (uint)max)
        {
            throw new FormatException($"The {what} of a reconciliation message is {value}, above the limit of {max}.");
        }

        return (int)value;
    }

    public ReadOnlySpan<byte> ReadBytes(int count, string what)
    {
        if (count > Remaining)
        {
            throw new FormatException($"The reconciliation message ends inside {what}.");
        }

        var span = _data.Slice(Position, count);
        Position += count;
        return span;
    }

    public (Bound Upper, RangeMode Mode) ReadRangeHeader()
    {
        var header = ReadVarint((InfinityCode << ModeBits) | ((1 << ModeBits) - 1), "range header");
        var code = header >> ModeBits;
        var mode = (RangeMode)(header & ((1 << ModeBits) - 1));
        if (mode > RangeMode.Split)
        {
            throw new FormatException($"A reconciliation message has a range of unknown mode {(int)mode}.");
        }

        if (code == InfinityCode)
        {
            return (Bound.Infinity, mode);
        }

        return (Bound.FromPrefix(ReadBytes(code, "a range bound")), mode);
    }
}
