using TradeNode.P2P.Items;
using TradeNode.P2P.Sync;
using Xunit.Abstractions;

namespace TradeNode.P2P.Tests.Sync;

public class SetReconcilerMalformedTests(ITestOutputHelper output)
{
    private static readonly byte[] Salt = new byte[SetReconciler.SaltLength];

    [Fact]
    public void Random_bytes_raise_only_format_exceptions()
    {
        var random = new Random(1);
        var ids = SetReconcilerTests.RandomIds(random, 500);
        var rejected = 0;
        for (var i = 0; i < 5000; i++)
        {
            var message = new byte[random.Next(0, 300)];
            random.NextBytes(message);
            if (i % 2 == 0 && message.Length > 0)
            {
                message[0] = SetReconciler.ProtocolVersion;
            }

            var responder = new SetReconciler(ids);
            var initiator = new SetReconciler(ids);
            initiator.Initiate();
            rejected += Rejects(() => responder.Process(message)) + Rejects(() => initiator.Process(message));
        }

        output.WriteLine($"{rejected} of 10000 random messages rejected with a FormatException; the rest were valid.");
        Assert.True(rejected > 9000, $"{rejected} rejected");
    }

    [Fact]
    public void Truncated_and_mutated_valid_messages_raise_only_format_exceptions()
    {
        var random = new Random(2);
        var all = SetReconcilerTests.RandomIds(random, 2200);
        var a = all.Where((_, i) => i % 37 != 0).ToList();
        var b = all.Where((_, i) => i % 41 != 0).ToList();
        var cases = 0;
        var rejected = 0;
        for (var step = 0; ; step++)
        {
            // Replay a fresh session up to the message of this step, then feed damaged copies to its receiver.
            var (receiver, message) = SessionAt(a, b, step);
            if (message is null)
            {
                break;
            }

            for (var length = 0; length < message.Length; length += 1 + (message.Length / 60))
            {
                var (freshReceiver, _) = SessionAt(a, b, step);
                rejected += Rejects(() => freshReceiver!.Process(message.AsSpan(0, length)));
                cases++;
            }

            for (var m = 0; m < 40; m++)
            {
                var damaged = message.ToArray();
                damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
                var (freshReceiver, _) = SessionAt(a, b, step);
                rejected += Rejects(() => freshReceiver!.Process(damaged));
                cases++;
            }

            Assert.NotNull(receiver);
        }

        output.WriteLine($"{cases} truncated or mutated messages, {rejected} rejected with a FormatException, the rest accepted.");
        Assert.True(cases > 200, $"{cases} cases");
        Assert.True(rejected > 0);
    }

    [Fact]
    public void Bounds_out_of_order_are_rejected()
    {
        var message = Message(
            [.. Header(1, 0), 0x80, // Skip up to 0x80...
            .. Header(1, 0), 0x40]); // then Skip up to 0x40...: backwards

        var exception = Assert.Throws<FormatException>(() => new SetReconciler([]).Process(message));

        Assert.Contains("ascending", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_range_after_infinity_is_rejected()
    {
        var message = Message([.. Header(33, 0), .. Header(33, 0)]);

        Assert.Throws<FormatException>(() => new SetReconciler([]).Process(message));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 })] // 2^31 - 1 ids
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 })] // a varint too long
    [InlineData(new byte[] { 0x81, 0x00 })] // a non-minimal varint
    [InlineData(new byte[] { 0x02 })] // two ids, none follows
    public void Absurd_id_counts_are_rejected(byte[] count)
    {
        var message = Message([.. Header(33, 2), .. count]);

        var exception = Assert.Throws<FormatException>(() => new SetReconciler([]).Process(message));

        AssertSentence(exception);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(257)]
    [InlineData(100_000)]
    public void Absurd_split_counts_are_rejected(int parts)
    {
        var varint = new List<byte>();
        for (var v = (uint)parts; ; v >>= 7)
        {
            varint.Add((byte)(v < 0x80 ? v : (v & 0x7F) | 0x80));
            if (v < 0x80)
            {
                break;
            }
        }

        var message = Message([.. Header(33, 4), .. varint, .. new byte[4 * 300]]);

        var exception = Assert.Throws<FormatException>(() => new SetReconciler([]).Process(message));

        AssertSentence(exception);
    }

    [Fact]
    public void Ids_out_of_order_or_outside_the_range_are_rejected()
    {
        var high = Enumerable.Repeat((byte)0xEE, 32).ToArray();
        var low = Enumerable.Repeat((byte)0x11, 32).ToArray();

        var unordered = Message([.. Header(33, 2), 2, .. high, .. low]);
        var outside = Message([.. Header(1, 2), 0x20, 1, .. high]);

        AssertSentence(Assert.Throws<FormatException>(() => new SetReconciler([]).Process(unordered)));
        AssertSentence(Assert.Throws<FormatException>(() => new SetReconciler([]).Process(outside)));
    }

    [Fact]
    public void An_answer_to_an_id_list_never_sent_is_rejected()
    {
        var message = Message([.. Header(33, 3), 0]);

        AssertSentence(Assert.Throws<FormatException>(() => new SetReconciler([]).Process(message)));
    }

    [Fact]
    public void Unknown_version_mode_and_oversized_messages_are_rejected()
    {
        var reconciler = new SetReconciler([]);

        AssertSentence(Assert.Throws<FormatException>(() => reconciler.Process([0x7F, .. Salt])));
        AssertSentence(Assert.Throws<FormatException>(() => reconciler.Process(Message(Header(33, 7)))));
        AssertSentence(Assert.Throws<FormatException>(() => reconciler.Process(new byte[(64 * 1024) + 1])));
        AssertSentence(Assert.Throws<FormatException>(() => reconciler.Process([])));
        AssertSentence(Assert.Throws<FormatException>(() => reconciler.Process([SetReconciler.ProtocolVersion, 1, 2])));
    }

    [Fact]
    public void A_rejected_message_leaves_the_session_usable()
    {
        var random = new Random(3);
        var all = SetReconcilerTests.RandomIds(random, 300);
        var a = all.Take(290).ToList();
        var b = all.Skip(10).ToList();
        var initiator = new SetReconciler(a);
        var responder = new SetReconciler(b);
        var message = initiator.Initiate();
        var needs = new List<ItemId>();
        while (true)
        {
            Assert.Throws<FormatException>(() => responder.Process(message.AsSpan(0, message.Length - 1)));
            var answer = responder.Process(message);
            needs.AddRange(answer.NeedIds);
            if (answer.Reply is null)
            {
                break;
            }

            var step = initiator.Process(answer.Reply);
            if (step.Reply is null)
            {
                break;
            }

            message = step.Reply;
        }

        Assert.Equal(all.Take(10), needs.Order());
    }

    /// <summary>A fresh session replayed to message <paramref name="step"/>: its receiver and the message (null past the end).</summary>
    private static (SetReconciler? Receiver, byte[]? Message) SessionAt(List<ItemId> a, List<ItemId> b, int step)
    {
        var initiator = new SetReconciler(a);
        var responder = new SetReconciler(b);
        var message = initiator.Initiate();
        for (var i = 0; ; i++)
        {
            var receiver = i % 2 == 0 ? responder : initiator;
            if (i == step)
            {
                return (receiver, message);
            }

            var reply = receiver.Process(message).Reply;
            if (reply is null)
            {
                return (null, null);
            }

            message = reply;
        }
    }

    private static int Rejects(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (FormatException exception)
        {
            AssertSentence(exception);
            return 1;
        }
    }

    private static void AssertSentence(FormatException exception)
    {
        Assert.True(exception.Message.Length > 20 && exception.Message.EndsWith('.'), exception.Message);
    }

    /// <summary>A range header as a varint: the bound code above three mode bits.</summary>
    private static byte[] Header(int boundCode, int mode)
    {
        var value = (boundCode << 3) | mode;
        return value < 0x80 ? [(byte)value] : [(byte)((value & 0x7F) | 0x80), (byte)(value >> 7)];
    }

    private static byte[] Message(byte[] ranges) => [SetReconciler.ProtocolVersion, .. Salt, .. ranges];
}
