namespace TradeNode.Chain;

/// <summary>The outcome of a broadcast: accepted, or refused with Bitcoin Core's reject reason and RPC error code.</summary>
public sealed record BroadcastResult(UInt256 Txid, bool Accepted, string? RejectReason = null, int ErrorCode = 0)
{
    public static BroadcastResult Accept(UInt256 txid) => new(txid, true);

    public static BroadcastResult Reject(UInt256 txid, string reason, int errorCode) => new(txid, false, reason, errorCode);
}
