using TradeNode.P2P.Items;
using TradeNode.P2P.Sync;
using Xunit.Abstractions;

namespace TradeNode.P2P.Tests.Sync;

public class SetReconcilerTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(1000, 0, 0)]
    [InlineData(1000, 1, 0)]
    [InlineData(1000, 0, 1)]
    [InlineData(1000, 1, 1)]
    [InlineData(10_000, 100, 0)]
    [InlineData(10_000, 0, 100)]
    [InlineData(10_000, 50, 50)]
    [InlineData(0, 1000, 0)]
    [InlineData(0, 0, 1000)]
    [InlineData(0, 1000, 1000)]
    [InlineData(5, 3, 2)]
    public void Random_sets_reconcile_to_exactly_the_union(int shared, int onlyInitiator, int onlyResponder)
    {
        var result = Reconcile(new Random(shared + (7 * onlyInitiator) + (13 * onlyResponder)), shared, onlyInitiator, onlyResponder, out var a, out var b);

        AssertExact(result, a, b);
        output.WriteLine($"shared {shared}, initiator-only {onlyInitiator}, responder-only {onlyResponder}: " +
            $"{result.TotalBytes} bytes, {result.RoundTrips} round trips, {result.Messages} messages");
    }

    [Fact]
    public void Empty_versus_empty_takes_one_round_trip_and_a_few_bytes()
    {
        var result = SetReconciler.RunInMemory(new SetReconciler([]), new SetReconciler([]));

        Assert.Empty(result.InitiatorNeeds);
        Assert.Empty(result.ResponderNeeds);
        Assert.Equal(1, result.RoundTrips);
        Assert.True(result.TotalBytes < 16, $"{result.TotalBytes} bytes");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Empty_versus_100k_transfers_every_id(bool emptyInitiates)
    {
        var full = RandomIds(new Random(5), 100_000);
        var empty = new List<ItemId>();

        var result = emptyInitiates
            ? SetReconciler.RunInMemory(new SetReconciler(empty), new SetReconciler(full))
            : SetReconciler.RunInMemory(new SetReconciler(full), new SetReconciler(empty));

        AssertExact(result, emptyInitiates ? empty : full, emptyInitiates ? full : empty);
        output.WriteLine($"100,000 into empty (empty initiates: {emptyInitiates}): {result.TotalBytes} bytes " +
            $"({result.TotalBytes / 100_000.0:F1} per id), {result.RoundTrips} round trips");
        Assert.True(result.TotalBytes < 34 * 100_000, $"{result.TotalBytes} bytes");
        Assert.True(result.RoundTrips < 80, $"{result.RoundTrips} round trips");
    }

    [Theory]
    [InlineData(100, 0)]
    [InlineData(0, 100)]
    [InlineData(50, 50)]
    public void A_100_id_difference_between_100k_sets_costs_little(int onlyInitiator, int onlyResponder)
    {
        var result = Reconcile(new Random(42), 100_000 - onlyInitiator - onlyResponder, onlyInitiator, onlyResponder, out var a, out var b);

        AssertExact(result, a, b);
        output.WriteLine($"100k vs 100k, {onlyInitiator}/{onlyResponder} unique: {result.TotalBytes} bytes, " +
            $"{result.RoundTrips} round trips, {result.Messages} messages");
        Assert.True(result.TotalBytes < 20_000, $"{result.TotalBytes} bytes");
        Assert.True(result.RoundTrips <= 7, $"{result.RoundTrips} round trips");
    }

    [Fact]
    public void Large_differences_on_both_sides_stay_within_the_message_limit()
    {
        var random = new Random(77);
        var all = RandomIds(random, 60_000);
        var a = all.Where((_, i) => i % 3 != 1).ToList();
        var b = all.Where((_, i) => i % 3 != 2).ToList();
        var initiator = new SetReconciler(a);
        var responder = new SetReconciler(b);
        var largest = 0;
        var message = initiator.Initiate();
        var need = new List<ItemId>();
        var roundTrips = 0;
        while (true)
        {
            roundTrips++;
            largest = Math.Max(largest, message.Length);
            var answer = responder.Process(message);
            if (answer.Reply is null)
            {
                break;
            }

            largest = Math.Max(largest, answer.Reply.Length);
            var step = initiator.Process(answer.Reply);
            need.AddRange(step.NeedIds);
            if (step.Reply is null)
            {
                break;
            }

            message = step.Reply;
        }

        output.WriteLine($"40k vs 40k sharing 20k: {roundTrips} round trips, largest message {largest} bytes, " +
            $"{initiator.BytesSent + responder.BytesSent} bytes in all");
        Assert.True(largest <= ReconcilerOptions.Default.MaxMessageBytes, $"{largest} bytes");
        Assert.Equal(b.Except(a).Order(), need.Order());
        Assert.Equal(roundTrips, initiator.MessagesSent);
    }

    [Fact]
    public void Identical_100k_sets_settle_in_one_round_trip()
    {
        var ids = RandomIds(new Random(9), 100_000);

        var result = SetReconciler.RunInMemory(new SetReconciler(ids), new SetReconciler(ids));

        Assert.Empty(result.InitiatorNeeds);
        Assert.Empty(result.ResponderNeeds);
        Assert.Equal(1, result.RoundTrips);
        output.WriteLine($"identical 100k: {result.TotalBytes} bytes");
    }

    internal static InMemoryReconciliation Reconcile(Random random, int shared, int onlyA, int onlyB, out List<ItemId> a, out List<ItemId> b)
    {
        var all = RandomIds(random, shared + onlyA + onlyB);
        var shuffled = all.ToArray();
        random.Shuffle(shuffled);
        a = [.. shuffled.Take(shared + onlyA).Order()];
        b = [.. shuffled.Take(shared).Concat(shuffled.Skip(shared + onlyA)).Order()];
        return SetReconciler.RunInMemory(new SetReconciler(a), new SetReconciler(b));
    }

    internal static List<ItemId> RandomIds(Random random, int count)
    {
        var set = new SortedSet<ItemId>();
        var bytes = new byte[P2PProtocol.ItemIdLength];
        while (set.Count < count)
        {
            random.NextBytes(bytes);
            set.Add(new ItemId(bytes));
        }

        return [.. set];
    }

    private static void AssertExact(InMemoryReconciliation result, List<ItemId> a, List<ItemId> b)
    {
        var onlyA = a.Except(b).Order().ToList();
        var onlyB = b.Except(a).Order().ToList();

        // No id reported twice, and each side learns exactly the difference.
        Assert.Equal(onlyB, result.InitiatorNeeds.Order().ToList());
        Assert.Equal(onlyA, result.InitiatorHaves.Order().ToList());
        Assert.Equal(onlyA, result.ResponderNeeds.Order().ToList());
        Assert.Equal(onlyB, result.ResponderHaves.Order().ToList());
        var union = a.Concat(result.InitiatorNeeds).Order().ToList();
        Assert.Equal(a.Union(b).Order().ToList(), union);
    }
}
