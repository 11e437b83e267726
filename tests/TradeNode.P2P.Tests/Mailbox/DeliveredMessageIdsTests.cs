using LiteDB;
using TradeNode.P2P.Mailbox;

namespace TradeNode.P2P.Tests.Mailbox;

/// <summary>The delivered-id record on a real LiteDB file: once per id, kept for the retention, then pruned.</summary>
public sealed class DeliveredMessageIdsTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(15);
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"delivered-{Guid.NewGuid():N}.db");

    public void Dispose() => File.Delete(_path);

    private LiteDatabase Open() => new(new ConnectionString { Filename = _path, Connection = ConnectionType.Direct });

    [Fact]
    public void An_id_is_delivered_once_even_after_a_reopen()
    {
        using (var database = Open())
        {
            var ids = new DeliveredMessageIds(database, Retention);
            Assert.True(ids.TryAdd("aa01", Start));
            Assert.False(ids.TryAdd("aa01", Start.AddMinutes(1)));
        }

        using (var database = Open())
        {
            Assert.False(new DeliveredMessageIds(database, Retention).TryAdd("aa01", Start.AddDays(3)));
        }
    }

    [Fact]
    public void Ids_older_than_the_retention_are_pruned_and_newer_ones_kept()
    {
        using var database = Open();
        var ids = new DeliveredMessageIds(database, Retention);
        ids.TryAdd("old", Start);
        ids.TryAdd("recent", Start.AddDays(10));

        Assert.Equal(0, ids.Prune(Start.AddDays(14)));
        Assert.Equal(1, ids.Prune(Start.AddDays(16)));

        Assert.Equal(1, ids.Count);
        Assert.False(ids.TryAdd("recent", Start.AddDays(16)));
    }

    [Fact]
    public void Deliveries_prune_by_themselves_once_a_day()
    {
        using var database = Open();
        var ids = new DeliveredMessageIds(database, Retention);
        for (var day = 0; day < 40; day++)
        {
            Assert.True(ids.TryAdd($"m{day:D2}", Start.AddDays(day)));
        }

        // Delivered on days 24..39 (16 ids) are within 15 days of day 39, give or take the last daily prune.
        Assert.InRange(ids.Count, 16, 17);
    }
}
