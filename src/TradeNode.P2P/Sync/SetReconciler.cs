using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using TradeNode.P2P.Items;

namespace TradeNode.P2P.Sync;

/// <summary>
/// Range-based set reconciliation over sorted item ids, after the design Negentropy describes: the id space is cut
/// into ranges; a range is skipped when both sides agree, compared by fingerprint, split where fingerprints differ,
/// and settled by explicit id lists when small. The bytes exchanged grow with the difference, not with the sets.
/// </summary>
/// <remarks>
/// <para>Wire format: a version byte, then ranges in ascending order. A range is a varint header
/// <c>(boundCode &lt;&lt; 2) | mode</c> where boundCode 0..32 is the number of bound bytes that follow (the rest are
/// zero) and 33 is infinity; then the payload: Skip has none, Fingerprint has <see cref="FingerprintLength"/> bytes,
/// IdList a varint count and the ids, IdListResponse a varint count of the ids the receiver lacks, those ids, and a
/// bitmap over the receiver's own ids in the range marking those the sender lacks. Varints are minimal LEB128.</para>
/// <para>Use: the initiator sends <see cref="Initiate"/>, then <see cref="Process"/>es each reply and sends the
/// step's reply until it is null. The responder processes each message and sends the reply when it is not null
/// (it answers every non-empty message, so the initiator always gets an answer).</para>
/// <para>A fingerprint is the first <see cref="FingerprintLength"/> bytes of SHA-256 over the sum of the ids
/// (256-bit big-endian numbers, mod 2^256) and the count (8 bytes little-endian).</para>
/// </remarks>
public sealed class SetReconciler
{
    /// <summary>The first byte of every message.</summary>
    public const byte ProtocolVersion = 0x01;

    /// <summary>Bytes of a range fingerprint.</summary>
    public const int FingerprintLength = 4;

    /// <summary>Bytes of the session salt that the initiator's first message carries after the version byte.</summary>
    public const int SaltLength = 8;

    private const int IdLength = P2PProtocol.ItemIdLength;

    private readonly IReadOnlyList<ItemId> _ids;
    private readonly ulong[] _words;
    private readonly int _count;
    private readonly ReconcilerOptions _options;
    private readonly bool[] _haveReported;
    private readonly HashSet<ItemId> _needReported = [];
    private List<(Bound Lower, Bound Upper)> _pendingIdLists = [];
    private byte[] _salt = new byte[SaltLength];
    private bool _initiated;

    /// <param name="sortedIds">This side's ids, strictly ascending; not copied, so it must not change during the session.</param>
    public SetReconciler(IReadOnlyList<ItemId> sortedIds, ReconcilerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sortedIds);
        _options = options ?? ReconcilerOptions.Default;
        _options.Validate();
        _ids = sortedIds;
        _count = sortedIds.Count;
        _words = new ulong[_count * 4];
        for (var i = 0; i < _count; i++)
        {
            var span = sortedIds[i].Span;
            _words[4 * i] = BinaryPrimitives.ReadUInt64BigEndian(span);
            _words[(4 * i) + 1] = BinaryPrimitives.ReadUInt64BigEndian(span[8..]);
            _words[(4 * i) + 2] = BinaryPrimitives.ReadUInt64BigEndian(span[16..]);
            _words[(4 * i) + 3] = BinaryPrimitives.ReadUInt64BigEndian(span[24..]);
            if (i > 0 && CompareIds(i - 1, i) >= 0)
            {
                throw new ArgumentException("The ids must be sorted in strictly ascending order.", nameof(sortedIds));
            }
        }

        _haveReported = new bool[_count];
    }

    /// <summary>Messages this side produced (including the initial one).</summary>
    public int MessagesSent { get; private set; }

    /// <summary>Messages this side processed.</summary>
    public int MessagesReceived { get; private set; }

    public long BytesSent { get; private set; }

    public long BytesReceived { get; private set; }

    /// <summary>The initiator's first message.</summary>
    public byte[] Initiate()
    {
        if (_initiated || MessagesReceived > 0)
        {
            throw new InvalidOperationException("Initiate is called once, before any message is processed.");
        }

        _initiated = true;
        _salt = RandomNumberGenerator.GetBytes(SaltLength);
        var writer = new MessageWriter();
        writer.WriteByte(ProtocolVersion);
        writer.WriteBytes(_salt);
        var pending = new List<(Bound Lower, Bound Upper)>();
        EmitDiffering(writer, Bound.Zero, Bound.Infinity, 0, _count, pending, _options.IdListThreshold);
        _pendingIdLists = pending;
        return Sent(writer.ToArray());
    }

    /// <summary>Processes a message from the other side. Throws <see cref="FormatException"/> for any malformed message.</summary>
    public ReconcileStep Process(ReadOnlySpan<byte> message)
    {
        if (message.Length > _options.MaxMessageBytes)
        {
            throw new FormatException($"A reconciliation message of {message.Length} bytes is over the limit of {_options.MaxMessageBytes}.");
        }

        var ranges = Parse(message, out var salt);
        if (salt is not null)
        {
            _salt = salt;
        }

        MessagesReceived++;
        BytesReceived += message.Length;

        var haves = new List<ItemId>();
        var needs = new List<ItemId>();
        var writer = new MessageWriter();
        writer.WriteByte(ProtocolVersion);
        var pending = new List<(Bound Lower, Bound Upper)>();
        var cut = false;
        var cutLower = Bound.Zero;
        Span<byte> mine = stackalloc byte[FingerprintLength];

        foreach (var range in ranges)
        {
            if (cut)
            {
                break;
            }

            switch (range.Mode)
            {
                case RangeMode.Skip:
                    break;

                case RangeMode.IdListResponse:
                    ApplyIdListResponse(message, range, haves, needs);
                    break;

                case RangeMode.Fingerprint:
                    Fingerprint(range.LowerIndex, range.UpperIndex, mine);
                    if (!mine.SequenceEqual(message.Slice(range.PayloadOffset, FingerprintLength))
                        && !TryEmitDiffering(writer, range.Lower, range.Upper, range.LowerIndex, range.UpperIndex, pending))
                    {
                        (cut, cutLower) = (true, range.Lower);
                    }

                    break;

                case RangeMode.Split:
                    var children = SplitPoints(range.Lower, range.Upper, range.Count);
                    var childIndex = new int[range.Count + 1];
                    var differs = new bool[range.Count];
                    var differing = 0;
                    for (var k = 0; k <= range.Count; k++)
                    {
                        childIndex[k] = LowerIndex(children[k]);
                    }

                    for (var k = 0; k < range.Count; k++)
                    {
                        Fingerprint(childIndex[k], childIndex[k + 1], mine);
                        differs[k] = !mine.SequenceEqual(message.Slice(range.PayloadOffset + (k * FingerprintLength), FingerprintLength));
                        differing += differs[k] ? 1 : 0;
                    }

                    // When most parts differ the difference is dense here: list ids sooner rather than split again.
                    var threshold = differing * 4 >= range.Count * 3 ? _options.DenseIdListThreshold : _options.IdListThreshold;
                    for (var k = 0; k < range.Count && !cut; k++)
                    {
                        if (differs[k] && !TryEmitDiffering(writer, children[k], children[k + 1], childIndex[k], childIndex[k + 1], pending, threshold))
                        {
                            (cut, cutLower) = (true, children[k]);
                        }
                    }

                    break;

                case RangeMode.IdList:
                    var myCount = range.UpperIndex - range.LowerIndex;
                    var room = (int)Math.Min(
                        _options.MaxIdListResponseIds,
                        (_options.MaxMessageBytes - writer.Length - 34 - 48 - ((range.Count + 7) / 8) - 1 - FingerprintLength) / IdLength);
                    if (room >= myCount)
                    {
                        AnswerIdList(writer, message, range, range.Upper, range.UpperIndex, haves, needs);
                        break;
                    }

                    if (room < Math.Min(myCount, 64) && writer.Length > 1)
                    {
                        (cut, cutLower) = (true, range.Lower);
                        break;
                    }

                    // More of ours than one message holds: answer for the ids that fit, and leave the rest of the
                    // range (and of the message) to the next round, like a cut.
                    var middle = SplitBound(range.LowerIndex + Math.Max(room, 1));
                    AnswerIdList(writer, message, range, middle, range.LowerIndex + Math.Max(room, 1), haves, needs);
                    (cut, cutLower) = (true, middle);
                    break;
            }
        }

        if (cut)
        {
            // Over budget: everything from here on is compared again next round, as one fingerprint.
            FlushSkip(writer, cutLower);
            var lowerIndex = LowerIndex(cutLower);
            writer.WriteRangeHeader(Bound.Infinity, RangeMode.Fingerprint);
            Fingerprint(lowerIndex, _count, writer.Reserve(FingerprintLength));
        }

        _pendingIdLists = pending;
        var saidSomething = writer.Length > 1;
        byte[]? reply = saidSomething || (!_initiated && ranges.Count > 0) ? Sent(writer.ToArray()) : null;
        return new ReconcileStep(reply, haves, needs);
    }

    /// <summary>
    /// Runs a whole reconciliation between two reconcilers in memory (<paramref name="initiator"/> starts), for tests
    /// and benchmarks. Both must be fresh.
    /// </summary>
    public static InMemoryReconciliation RunInMemory(SetReconciler initiator, SetReconciler responder)
    {
        ArgumentNullException.ThrowIfNull(initiator);
        ArgumentNullException.ThrowIfNull(responder);
        var initiatorHaves = new List<ItemId>();
        var initiatorNeeds = new List<ItemId>();
        var responderHaves = new List<ItemId>();
        var responderNeeds = new List<ItemId>();
        var roundTrips = 0;
        var messages = 1;
        long bytes = 0;
        var message = initiator.Initiate();
        while (true)
        {
            roundTrips++;
            bytes += message.Length;
            if (roundTrips > 1_000_000)
            {
                throw new InvalidOperationException("The reconciliation did not finish.");
            }

            var answer = responder.Process(message);
            responderHaves.AddRange(answer.HaveIds);
            responderNeeds.AddRange(answer.NeedIds);
            if (answer.Reply is null)
            {
                break;
            }

            messages++;
            bytes += answer.Reply.Length;
            var step = initiator.Process(answer.Reply);
            initiatorHaves.AddRange(step.HaveIds);
            initiatorNeeds.AddRange(step.NeedIds);
            if (step.Reply is null)
            {
                break;
            }

            messages++;
            message = step.Reply;
        }

        return new InMemoryReconciliation(initiatorHaves, initiatorNeeds, responderHaves, responderNeeds, roundTrips, messages, bytes);
    }

    private byte[] Sent(byte[] message)
    {
        MessagesSent++;
        BytesSent += message.Length;
        return message;
    }

    private bool Fits(MessageWriter writer, long cost) =>
        writer.Length <= 1 || writer.Length + 34 + cost + 1 + FingerprintLength <= _options.MaxMessageBytes;

    private static long DifferingCost(int count, int threshold) =>
        count <= Math.Max(threshold, 1)
            ? 40 + ((long)IdLength * count)
            : 40 + (256L * FingerprintLength);

    private bool TryEmitDiffering(
        MessageWriter writer, Bound lower, Bound upper, int from, int to, List<(Bound Lower, Bound Upper)> pending, int? threshold = null)
    {
        var idListThreshold = threshold ?? _options.IdListThreshold;
        if (!Fits(writer, DifferingCost(to - from, idListThreshold)))
        {
            return false;
        }

        FlushSkip(writer, lower);
        EmitDiffering(writer, lower, upper, from, to, pending, idListThreshold);
        return true;
    }

    private static readonly BigInteger TwoTo256 = BigInteger.One << 256;

    private static BigInteger ToInteger(Bound bound)
    {
        if (bound.IsInfinity)
        {
            return TwoTo256;
        }

        Span<byte> bytes = stackalloc byte[32];
        bound.WriteTo(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    private static Bound ToBound(BigInteger value)
    {
        if (value >= TwoTo256)
        {
            return Bound.Infinity;
        }

        Span<byte> bytes = stackalloc byte[32];
        bytes.Clear();
        var length = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(bytes[(32 - length)..], out _, isUnsigned: true, isBigEndian: true);
        return Bound.FromBytes(bytes);
    }

    /// <summary>Whether [lower, upper) is wide enough to cut into <paramref name="parts"/> non-empty equal parts.</summary>
    private static bool CanSplit(Bound lower, Bound upper, int parts) => ToInteger(upper) - ToInteger(lower) >= parts;

    /// <summary>The parts + 1 bounds cutting [lower, upper) into equal-width parts: lower + (upper - lower) * k / parts.</summary>
    private static Bound[] SplitPoints(Bound lower, Bound upper, int parts)
    {
        var low = ToInteger(lower);
        var width = ToInteger(upper) - low;
        var points = new Bound[parts + 1];
        points[0] = lower;
        points[parts] = upper;
        for (var k = 1; k < parts; k++)
        {
            points[k] = ToBound(low + (width * k / parts));
        }

        return points;
    }

    /// <summary>Covers the gap between the last written range and <paramref name="to"/> with one Skip range.</summary>
    private static void FlushSkip(MessageWriter writer, Bound to)
    {
        if (to.CompareTo(writer.LastBound) > 0)
        {
            writer.WriteRangeHeader(to, RangeMode.Skip);
        }
    }

    /// <summary>Writes what a range whose contents differ becomes: our id list when small, else fingerprints of sub-ranges.</summary>
    private void EmitDiffering(
        MessageWriter writer, Bound lower, Bound upper, int from, int to, List<(Bound Lower, Bound Upper)> pending, int idListThreshold)
    {
        var count = to - from;
        if (count <= Math.Max(idListThreshold, 1))
        {
            writer.WriteRangeHeader(upper, RangeMode.IdList);
            writer.WriteVarint(count);
            for (var i = from; i < to; i++)
            {
                WriteId(writer, i);
            }

            pending.Add((lower, upper));
            return;
        }

        var branching = count > _options.SmallRangeItems ? _options.Branching : _options.SmallRangeBranching;
        if (CanSplit(lower, upper, branching))
        {
            // Ids are uniform hashes, so equal-width parts hold about equal counts, and their bounds are implied.
            writer.WriteRangeHeader(upper, RangeMode.Split);
            writer.WriteVarint(branching);
            var points = SplitPoints(lower, upper, branching);
            var index = from;
            for (var k = 0; k < branching; k++)
            {
                var next = LowerIndex(points[k + 1]);
                Fingerprint(index, next, writer.Reserve(FingerprintLength));
                index = next;
            }

            return;
        }

        var parts = Math.Min(branching, count);
        var start = from;
        for (var k = 1; k <= parts; k++)
        {
            var end = from + (int)((long)count * k / parts);
            var bound = k == parts ? upper : SplitBound(end);
            writer.WriteRangeHeader(bound, RangeMode.Fingerprint);
            Fingerprint(start, end, writer.Reserve(FingerprintLength));
            start = end;
        }
    }

    /// <summary>Answers an id list for [range.Lower, <paramref name="upper"/>), where our ids end at <paramref name="mineTo"/>.</summary>
    private void AnswerIdList(
        MessageWriter writer, ReadOnlySpan<byte> message, ParsedRange range, Bound upper, int mineTo, List<ItemId> haves, List<ItemId> needs)
    {
        var theirCount = 0;
        while (theirCount < range.Count
            && Bound.FromBytes(message.Slice(range.PayloadOffset + (theirCount * IdLength), IdLength)).CompareTo(upper) < 0)
        {
            theirCount++;
        }

        var theirs = message.Slice(range.PayloadOffset, theirCount * IdLength);
        var bitmap = new byte[(theirCount + 7) / 8];
        var extras = new List<int>();
        var mineIndex = range.LowerIndex;
        var lacking = 0;
        for (var k = 0; k < theirCount; k++)
        {
            var id = theirs.Slice(k * IdLength, IdLength);
            while (mineIndex < mineTo && CompareToId(mineIndex, id) < 0)
            {
                extras.Add(mineIndex++);
            }

            if (mineIndex < mineTo && CompareToId(mineIndex, id) == 0)
            {
                mineIndex++;
            }
            else
            {
                bitmap[k / 8] |= (byte)(1 << (k % 8));
                lacking++;
                ReportNeed(id, needs);
            }
        }

        while (mineIndex < mineTo)
        {
            extras.Add(mineIndex++);
        }

        if (extras.Count == 0 && lacking == 0)
        {
            return;
        }

        FlushSkip(writer, range.Lower);
        writer.WriteRangeHeader(upper, RangeMode.IdListResponse);
        writer.WriteVarint(extras.Count);
        foreach (var index in extras)
        {
            WriteId(writer, index);
            ReportHave(index, haves);
        }

        writer.WriteBytes(bitmap);
    }

    private void ApplyIdListResponse(ReadOnlySpan<byte> message, ParsedRange range, List<ItemId> haves, List<ItemId> needs)
    {
        for (var k = 0; k < range.Count; k++)
        {
            ReportNeed(message.Slice(range.PayloadOffset + (k * IdLength), IdLength), needs);
        }

        var bitmap = message[(range.PayloadOffset + (range.Count * IdLength))..];
        for (var k = 0; k < range.UpperIndex - range.LowerIndex; k++)
        {
            if ((bitmap[k / 8] & (1 << (k % 8))) != 0)
            {
                ReportHave(range.LowerIndex + k, haves);
            }
        }
    }

    private void ReportHave(int index, List<ItemId> haves)
    {
        if (!_haveReported[index])
        {
            _haveReported[index] = true;
            haves.Add(_ids[index]);
        }
    }

    private void ReportNeed(ReadOnlySpan<byte> id, List<ItemId> needs)
    {
        var itemId = new ItemId(id);
        if (_needReported.Add(itemId))
        {
            if (_needReported.Count > _options.MaxNeedIds)
            {
                throw new FormatException($"The other side claims more than {_options.MaxNeedIds} ids this side lacks.");
            }

            needs.Add(itemId);
        }
    }

    private List<ParsedRange> Parse(ReadOnlySpan<byte> message, out byte[]? salt)
    {
        var reader = new MessageReader(message);
        if (message.IsEmpty)
        {
            throw new FormatException("A reconciliation message is empty; it needs at least the version byte.");
        }

        var version = reader.ReadByte();
        if (version != ProtocolVersion)
        {
            throw new FormatException($"Reconciliation protocol version 0x{version:x2} is not supported; this node speaks 0x{ProtocolVersion:x2}.");
        }

        salt = null;
        if (!_initiated && MessagesReceived == 0)
        {
            salt = reader.ReadBytes(SaltLength, "the session salt").ToArray();
        }

        var ranges = new List<ParsedRange>();
        var lower = Bound.Zero;
        var lowerIndex = 0;
        var pendingIndex = 0;
        while (!reader.End)
        {
            if (lower.IsInfinity)
            {
                throw new FormatException("A reconciliation message has a range after the infinite bound.");
            }

            var (upper, mode) = reader.ReadRangeHeader();
            if (upper.CompareTo(lower) <= 0)
            {
                throw new FormatException("The range bounds of a reconciliation message are not in ascending order.");
            }

            var upperIndex = LowerIndex(upper);
            var offset = reader.Position;
            var count = 0;
            switch (mode)
            {
                case RangeMode.Skip:
                    break;
                case RangeMode.Fingerprint:
                    reader.ReadBytes(FingerprintLength, "a fingerprint");
                    break;
                case RangeMode.Split:
                    count = reader.ReadVarint(256, "split count");
                    if (count < 2 || !CanSplit(lower, upper, count))
                    {
                        throw new FormatException($"A reconciliation message splits a range into {count} parts, which it cannot hold.");
                    }

                    offset = reader.Position;
                    reader.ReadBytes(count * FingerprintLength, "split fingerprints");
                    break;
                case RangeMode.IdList:
                    count = ReadIdList(ref reader, lower, upper, checkAbsent: false);
                    offset = reader.Position - (count * IdLength);
                    break;
                case RangeMode.IdListResponse:
                    // The answer covers one of our id lists, or (when the other side ran out of room) its start.
                    while (pendingIndex < _pendingIdLists.Count && _pendingIdLists[pendingIndex].Lower.CompareTo(lower) < 0)
                    {
                        pendingIndex++;
                    }

                    if (pendingIndex == _pendingIdLists.Count
                        || _pendingIdLists[pendingIndex].Lower != lower
                        || _pendingIdLists[pendingIndex].Upper.CompareTo(upper) < 0)
                    {
                        throw new FormatException("A reconciliation message answers an id list this side did not send.");
                    }

                    pendingIndex++;
                    count = ReadIdList(ref reader, lower, upper, checkAbsent: true);
                    offset = reader.Position - (count * IdLength);
                    var mine = upperIndex - lowerIndex;
                    var bitmap = reader.ReadBytes((mine + 7) / 8, "an id list bitmap");
                    if (mine % 8 != 0 && (bitmap[^1] >> (mine % 8)) != 0)
                    {
                        throw new FormatException("An id list bitmap of a reconciliation message marks ids beyond the list.");
                    }

                    break;
            }

            ranges.Add(new ParsedRange(lower, upper, mode, offset, count, lowerIndex, upperIndex));
            lower = upper;
            lowerIndex = upperIndex;
        }

        return ranges;
    }

    private int ReadIdList(ref MessageReader reader, Bound lower, Bound upper, bool checkAbsent)
    {
        var count = reader.ReadVarint(int.MaxValue, "id count");
        if (count > reader.Remaining / IdLength)
        {
            throw new FormatException($"An id list of a reconciliation message claims {count} ids but only {reader.Remaining} bytes follow.");
        }

        var ids = reader.ReadBytes(count * IdLength, "an id list");
        for (var k = 0; k < count; k++)
        {
            var id = Bound.FromBytes(ids.Slice(k * IdLength, IdLength));
            if (id.CompareTo(lower) < 0 || id.CompareTo(upper) >= 0)
            {
                throw new FormatException("An id list of a reconciliation message holds an id outside its range.");
            }

            if (k > 0 && ids.Slice((k - 1) * IdLength, IdLength).SequenceCompareTo(ids.Slice(k * IdLength, IdLength)) >= 0)
            {
                throw new FormatException("An id list of a reconciliation message is not in strictly ascending order.");
            }

            if (checkAbsent && Contains(id))
            {
                throw new FormatException("An id list response of a reconciliation message offers an id this side already has.");
            }
        }

        return count;
    }

    private bool Contains(Bound id)
    {
        var index = LowerIndex(id);
        return index < _count && CompareToBound(index, id) == 0;
    }

    /// <summary>The index of the first id at or above <paramref name="bound"/>.</summary>
    private int LowerIndex(Bound bound)
    {
        if (bound.IsInfinity)
        {
            return _count;
        }

        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (CompareToBound(mid, bound) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private int CompareToBound(int index, Bound bound)
    {
        var w = 4 * index;
        var c = _words[w].CompareTo(bound.W0);
        if (c == 0)
        {
            c = _words[w + 1].CompareTo(bound.W1);
        }

        if (c == 0)
        {
            c = _words[w + 2].CompareTo(bound.W2);
        }

        return c == 0 ? _words[w + 3].CompareTo(bound.W3) : c;
    }

    private int CompareToId(int index, ReadOnlySpan<byte> id) => CompareToBound(index, Bound.FromBytes(id));

    private int CompareIds(int a, int b) => CompareToBound(a, new Bound(_words[4 * b], _words[(4 * b) + 1], _words[(4 * b) + 2], _words[(4 * b) + 3], false));

    /// <summary>The shortest prefix of id <paramref name="index"/> that is above id <paramref name="index"/> - 1.</summary>
    private Bound SplitBound(int index)
    {
        var prev = 4 * (index - 1);
        var cur = 4 * index;
        var words = new ulong[4];
        for (var i = 0; i < 4; i++)
        {
            var diff = _words[prev + i] ^ _words[cur + i];
            if (diff == 0)
            {
                words[i] = _words[cur + i];
                continue;
            }

            // Keep the bytes up to and including the first differing one.
            var keepBytes = (BitOperations.LeadingZeroCount(diff) / 8) + 1;
            var mask = keepBytes == 8 ? ulong.MaxValue : ~(ulong.MaxValue >> (8 * keepBytes));
            words[i] = _words[cur + i] & mask;
            break;
        }

        return new Bound(words[0], words[1], words[2], words[3], false);
    }

    private void Fingerprint(int from, int to, Span<byte> destination)
    {
        ulong s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (var i = from; i < to; i++)
        {
            var w = 4 * i;
            s3 += _words[w + 3];
            var c3 = s3 < _words[w + 3] ? 1UL : 0UL;
            var t2 = _words[w + 2] + c3;
            var c2a = t2 < c3 ? 1UL : 0UL;
            s2 += t2;
            var c2 = (s2 < t2 ? 1UL : 0UL) + c2a;
            var t1 = _words[w + 1] + c2;
            var c1a = t1 < c2 ? 1UL : 0UL;
            s1 += t1;
            var c1 = (s1 < t1 ? 1UL : 0UL) + c1a;
            s0 += _words[w] + c1;
        }

        Span<byte> input = stackalloc byte[SaltLength + 40];
        _salt.CopyTo(input);
        new Bound(s0, s1, s2, s3, false).WriteTo(input[SaltLength..]);
        BinaryPrimitives.WriteUInt64LittleEndian(input[(SaltLength + 32)..], (ulong)(to - from));
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        hash[..FingerprintLength].CopyTo(destination);
    }

    private void WriteId(MessageWriter writer, int index)
    {
        var span = writer.Reserve(IdLength);
        BinaryPrimitives.WriteUInt64BigEndian(span, _words[4 * index]);
        BinaryPrimitives.WriteUInt64BigEndian(span[8..], _words[(4 * index) + 1]);
        BinaryPrimitives.WriteUInt64BigEndian(span[16..], _words[(4 * index) + 2]);
        BinaryPrimitives.WriteUInt64BigEndian(span[24..], _words[(4 * index) + 3]);
    }
}
