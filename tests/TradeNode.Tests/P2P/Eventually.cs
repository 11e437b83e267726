namespace TradeNode.Tests.P2P;

/// <summary>Polls an async condition with a deadline (no fixed sleeps).</summary>
internal static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Deadline);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}. What the running nodes logged last:{LiveLogs.Tails()}");
            }

            await Task.Delay(50);
        }
    }
}
