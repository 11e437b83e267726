using TradeNode.P2P.Items;

namespace TradeNode.P2P.Gossip;

/// <summary>
/// One side of one set reconciliation, as the engine drives it. The only implementation wraps
/// <c>Sync.SetReconciler</c>; gossip never reconciles by itself.
/// </summary>
internal interface IReconcileSession
{
    byte[] Initiate();

    /// <summary>Reads the peer's message; the reply is null when reconciliation is done.</summary>
    /// <exception cref="FormatException">The message is malformed.</exception>
    ReconcileOutcome Process(ReadOnlySpan<byte> message);
}
