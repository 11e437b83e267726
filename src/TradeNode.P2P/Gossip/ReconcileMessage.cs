namespace TradeNode.P2P.Gossip;

/// <summary>One step of set reconciliation; the payload format belongs to <c>Sync.SetReconciler</c>.</summary>
public sealed record ReconcileMessage(ReadOnlyMemory<byte> Payload) : GossipMessage
{
    public override int WireSize => 4 + Payload.Length;
}
