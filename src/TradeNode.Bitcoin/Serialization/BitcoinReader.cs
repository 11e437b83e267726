using System.Buffers.Binary;

namespace TradeNode.Bitcoin.Serialization;

/// <summary>
/// Reads Bitcoin's wire encoding (little-endian integers, CompactSize lengths) from a byte buffer.
/// Every read past the end, and every length larger than what is left, throws a <see cref="FormatException"/>.
/// </summary>
public sealed class BitcoinReader
{
    /// <summary>Bitcoin Core's MAX_SIZE: no serialized length may exceed it.</summary>
    public const ulong MaxSize = 0x02000000;

    private readonly ReadOnlyMemory<byte> _data;

    public BitcoinReader(ReadOnlyMemory<byte> data)
    {
        _data = data;
    }

    public int Position { get; set; }

    public int Remaining => _data.Length - Position;

    public bool IsAtEnd => Position >= _data.Length;

    public ReadOnlySpan<byte> ReadSpan(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new FormatException($"Unexpected end of data: {count} bytes needed at offset {Position}, {Remaining} left.");
        }

        var span = _data.Span.Slice(Position, count);
        Position += count;
        return span;
    }

    public byte[] ReadBytes(int count) => ReadSpan(count).ToArray();

    public byte ReadByte() => ReadSpan(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(ReadSpan(2));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadSpan(4));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(ReadSpan(4));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadSpan(8));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(ReadSpan(8));

    public UInt256 ReadUInt256() => new(ReadSpan(32));

    /// <summary>Reads a CompactSize, rejecting non-canonical encodings and values above <see cref="MaxSize"/>.</summary>
    public ulong ReadCompactSize(bool rangeCheck = true)
    {
        var first = ReadByte();
        ulong value;
        if (first < 0xfd)
        {
            value = first;
        }
        else if (first == 0xfd)
        {
            value = ReadUInt16();
            if (value < 0xfd)
            {
                throw new FormatException("Non-canonical CompactSize encoding.");
            }
        }
        else if (first == 0xfe)
        {
            value = ReadUInt32();
            if (value < 0x10000)
            {
                throw new FormatException("Non-canonical CompactSize encoding.");
            }
        }
        else
        {
            value = ReadUInt64();
            if (value < 0x100000000UL)
            {
                throw new FormatException("Non-canonical CompactSize encoding.");
            }
        }

        if (rangeCheck && value > MaxSize)
        {
            throw new FormatException("CompactSize value exceeds the maximum size.");
        }

        return value;
    }

    /// <summary>Reads a count of items, each at least <paramref name="minItemSize"/> bytes, so a lying count fails fast.</summary>
    public int ReadCount(int minItemSize = 1)
    {
        var count = ReadCompactSize();
        if (minItemSize > 0 && count > (ulong)Remaining / (ulong)minItemSize)
        {
            throw new FormatException($"Count {count} at offset {Position} is larger than the remaining data allows.");
        }

        return (int)count;
    }

    /// <summary>Reads a CompactSize length followed by that many bytes.</summary>
    public byte[] ReadVarBytes()
    {
        var length = ReadCompactSize();
        if (length > (ulong)Remaining)
        {
            throw new FormatException($"Length {length} at offset {Position} runs past the end of the data.");
        }

        return ReadBytes((int)length);
    }
}
