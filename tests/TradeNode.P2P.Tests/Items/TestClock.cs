namespace TradeNode.P2P.Tests.Items;

/// <summary>A fixed instant the item tests build and validate at.</summary>
internal static class TestClock
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
}
