using System.Buffers.Binary;
using System.Numerics;

namespace TradeNode.P2P.Items;

/// <summary>
/// The item store's append-only file: an 8-byte magic, then records of <c>[u32 payload length][u32 CRC-32C of type and
/// payload][u8 type][payload]</c>. An item record's payload is the item id (32 bytes) followed by the
/// <c>SignedItem</c> bytes; a removal record's payload is the id of an item removed. Records are buffered by the
/// store and written with one write (and one fsync for a file) per <see cref="Commit"/>, so a batch costs one system
/// call instead of a database transaction per item.
/// <para>Crash safety: a process killed mid-write leaves at most a torn last record; <see cref="Replay"/> stops at
/// the first record that is short, too long or fails its checksum and truncates the file there, so every record
/// written before survives and the file is valid again. Compaction writes the live items to a new file and renames it
/// over the old one, so a crash leaves either file whole.</para>
/// <para>Not thread-safe: the store calls it under its lock.</para>
/// </summary>
internal sealed class ItemLog : IDisposable
{
    /// <summary>Record type of an item (id + SignedItem bytes).</summary>
    public const byte ItemRecord = 1;

    /// <summary>Record type of a removal (an item id).</summary>
    public const byte RemovalRecord = 2;

    /// <summary>Bytes before a record's payload: length, checksum and type.</summary>
    public const int RecordHeaderBytes = 9;

    /// <summary>The largest payload accepted on replay; longer lengths are garbage (items are under one frame).</summary>
    public const int MaxPayloadBytes = P2PProtocol.MaxFrameBytes + P2PProtocol.ItemIdLength;

    private static readonly byte[] Magic = "TNITLOG1"u8.ToArray();

    private readonly string? _path;
    private readonly bool _durable;
    private Stream _stream;
    private byte[] _pending = new byte[64 * 1024];
    private int _pendingLength;
    private long _length;

    private ItemLog(string? path, Stream stream, bool durable)
    {
        _path = path;
        _stream = stream;
        _durable = durable;
    }

    /// <summary>Bytes of the file (committed and pending records).</summary>
    public long Length => _length + _pendingLength;

    /// <summary>True when the file holds the magic only.</summary>
    public bool IsEmpty => Length <= Magic.Length;

    /// <summary>
    /// Opens (or creates) the log at <paramref name="path"/>. When <paramref name="durable"/>, each commit is flushed to
    /// the disk (fsync), not only to the operating system.
    /// </summary>
    public static ItemLog Open(string path, bool durable)
    {
        var compacting = path + ".compact";
        if (File.Exists(compacting))
        {
            File.Delete(compacting);
        }

        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.RandomAccess);
        var log = new ItemLog(path, stream, durable);
        log.Initialize();
        return log;
    }

    /// <summary>A log in memory (tests, the simulator).</summary>
    public static ItemLog InMemory()
    {
        var log = new ItemLog(null, new MemoryStream(), durable: false);
        log.Initialize();
        return log;
    }

    /// <summary>True when the file at <paramref name="path"/> exists and is not (the start of) an item log.</summary>
    public static bool IsOtherFormat(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var head = new byte[Magic.Length];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return !head.AsSpan(0, read).SequenceEqual(Magic.AsSpan(0, read));
    }

    /// <summary>
    /// Reads every record from the start, calling <paramref name="record"/> with its type, the payload's offset in
    /// the file and the payload. Stops at the first incomplete or corrupt record and cuts the file there.
    /// </summary>
    public void Replay(Action<byte, long, ReadOnlySpan<byte>> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _stream.Position = Magic.Length;
        var reader = new BufferedStream(_stream, 1024 * 1024);
        var header = new byte[RecordHeaderBytes];
        var payload = new byte[4096];
        var position = (long)Magic.Length;
        while (true)
        {
            if (reader.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            {
                break;
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
            var type = header[8];
            if (length > MaxPayloadBytes || type is not (ItemRecord or RemovalRecord))
            {
                break;
            }

            if (payload.Length < length)
            {
                payload = new byte[Math.Max(length, payload.Length * 2)];
            }

            var span = payload.AsSpan(0, (int)length);
            if (reader.ReadAtLeast(span, span.Length, throwOnEndOfStream: false) < span.Length
                || Checksum(type, span) != BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)))
            {
                break;
            }

            record(type, position + RecordHeaderBytes, span);
            position += RecordHeaderBytes + length;
        }

        if (position < _stream.Length)
        {
            _stream.SetLength(position);
            Sync();
        }

        _length = position;
    }

    /// <summary>Buffers an item record; returns the offset its SignedItem bytes will have in the file.</summary>
    public long AppendItem(ItemId id, ReadOnlySpan<byte> signedItem)
    {
        var payloadLength = P2PProtocol.ItemIdLength + signedItem.Length;
        var span = Reserve(RecordHeaderBytes + payloadLength);
        var payload = span[RecordHeaderBytes..];
        id.Span.CopyTo(payload);
        signedItem.CopyTo(payload[P2PProtocol.ItemIdLength..]);
        WriteHeader(span, ItemRecord, payload);
        return Length - signedItem.Length;
    }

    /// <summary>Buffers a removal record for <paramref name="id"/>.</summary>
    public void AppendRemoval(ItemId id)
    {
        var span = Reserve(RecordHeaderBytes + P2PProtocol.ItemIdLength);
        id.Span.CopyTo(span[RecordHeaderBytes..]);
        WriteHeader(span, RemovalRecord, span[RecordHeaderBytes..]);
    }

    /// <summary>Writes the buffered records in one write, then flushes them (to the disk when durable).</summary>
    public void Commit()
    {
        if (_pendingLength == 0)
        {
            return;
        }

        _stream.Position = _length;
        _stream.Write(_pending, 0, _pendingLength);
        _length += _pendingLength;
        _pendingLength = 0;
        if (_pending.Length > 4 * 1024 * 1024)
        {
            _pending = new byte[64 * 1024];
        }

        Sync();
    }

    /// <summary>Drops the buffered records (the batch failed before its commit).</summary>
    public void Rollback() => _pendingLength = 0;

    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="offset"/>, committed or still buffered.</summary>
    public byte[] Read(long offset, int length)
    {
        var bytes = new byte[length];
        if (offset >= _length)
        {
            _pending.AsSpan((int)(offset - _length), length).CopyTo(bytes);
            return bytes;
        }

        _stream.Position = offset;
        _stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// Rewrites the log with only the items in <paramref name="live"/> (offset and length of their SignedItem bytes,
    /// with their ids), in the given order; returns their new offsets, in the same order. The new file replaces the
    /// old one by an atomic rename after it is flushed.
    /// </summary>
    public long[] Compact(IReadOnlyList<(ItemId Id, long Offset, int Length)> live)
    {
        ArgumentNullException.ThrowIfNull(live);
        Commit();
        var compacted = new ItemLog(_path, _path is null ? new MemoryStream() : new FileStream(_path + ".compact", FileMode.Create, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.RandomAccess), _durable);
        var offsets = new long[live.Count];
        try
        {
            compacted.Initialize();
            for (var i = 0; i < live.Count; i++)
            {
                offsets[i] = compacted.AppendItem(live[i].Id, Read(live[i].Offset, live[i].Length));
                if (compacted._pendingLength > 1024 * 1024)
                {
                    compacted.Write();
                }
            }

            compacted.Write();
            compacted._stream.Flush();
            if (compacted._stream is FileStream file)
            {
                file.Flush(flushToDisk: true);
            }
        }
        catch
        {
            compacted._stream.Dispose();
            throw;
        }

        _stream.Dispose();
        if (_path is not null)
        {
            compacted._stream.Dispose();
            File.Move(_path + ".compact", _path, overwrite: true);
            _stream = new FileStream(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.RandomAccess);
        }
        else
        {
            _stream = compacted._stream;
        }

        _length = compacted._length;
        return offsets;
    }

    public void Dispose()
    {
        Commit();
        _stream.Dispose();
    }

    private static uint Checksum(byte type, ReadOnlySpan<byte> payload)
    {
        var crc = BitOperations.Crc32C(uint.MaxValue, type);
        var i = 0;
        for (; i + 8 <= payload.Length; i += 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(payload[i..]));
        }

        for (; i < payload.Length; i++)
        {
            crc = BitOperations.Crc32C(crc, payload[i]);
        }

        return ~crc;
    }

    private static void WriteHeader(Span<byte> record, byte type, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], Checksum(type, payload));
        record[8] = type;
    }

    private void Initialize()
    {
        var head = new byte[Magic.Length];
        _stream.Position = 0;
        var read = _stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read < Magic.Length)
        {
            // New, or killed while writing the magic.
            _stream.SetLength(0);
            _stream.Write(Magic);
            Sync();
        }
        else if (!head.AsSpan().SequenceEqual(Magic))
        {
            throw new InvalidDataException("The file is not a TradeNode item log.");
        }

        _length = Magic.Length;
    }

    private Span<byte> Reserve(int bytes)
    {
        if (_pendingLength + bytes > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingLength + bytes));
        }

        var span = _pending.AsSpan(_pendingLength, bytes);
        _pendingLength += bytes;
        return span;
    }

    /// <summary>Writes the buffered records without a flush (compaction flushes once at the end).</summary>
    private void Write()
    {
        _stream.Position = _length;
        _stream.Write(_pending, 0, _pendingLength);
        _length += _pendingLength;
        _pendingLength = 0;
    }

    private void Sync()
    {
        _stream.Flush();
        if (_durable && _stream is FileStream file)
        {
            file.Flush(flushToDisk: true);
        }
    }
}
