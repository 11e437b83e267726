using System.Buffers;
using System.Buffers.Binary;

namespace TradeNode.Bitcoin.Serialization;

/// <summary>Writes Bitcoin's wire encoding into a growable buffer.</summary>
public sealed class BitcoinWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public BitcoinWriter(int initialCapacity = 256)
    {
        _buffer = new ArrayBufferWriter<byte>(initialCapacity);
    }

    public int Length => _buffer.WrittenCount;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void Write(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteUInt256(UInt256 value) => Write(value.Span);

    public void WriteCompactSize(ulong value)
    {
        if (value < 0xfd)
        {
            WriteByte((byte)value);
        }
        else if (value <= 0xffff)
        {
            WriteByte(0xfd);
            WriteUInt16((ushort)value);
        }
        else if (value <= 0xffffffff)
        {
            WriteByte(0xfe);
            WriteUInt32((uint)value);
        }
        else
        {
            WriteByte(0xff);
            WriteUInt64(value);
        }
    }

    public void WriteVarBytes(ReadOnlySpan<byte> bytes)
    {
        WriteCompactSize((ulong)bytes.Length);
        Write(bytes);
    }

    public static int CompactSizeLength(ulong value) => value < 0xfd ? 1 : value <= 0xffff ? 3 : value <= 0xffffffff ? 5 : 9;
}
