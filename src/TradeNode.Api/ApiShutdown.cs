namespace TradeNode.Api;

/// <summary>What the services need of the host's lifetime: a way to ask it to stop, and a token that ends streams when it does.</summary>
public sealed class ApiShutdown(Action requestStop, CancellationToken stopping)
{
    /// <summary>Cancelled when the API starts shutting down: Watch streams end cleanly on it.</summary>
    public CancellationToken Stopping { get; } = stopping;

    /// <summary>Asks the host process to stop gracefully.</summary>
    public void RequestStop() => requestStop();
}
