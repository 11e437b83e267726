using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Gossip;

/// <summary>Carries signed items (answers to GetItems, or direct mailbox delivery when <see cref="Direct"/>).</summary>
public sealed record ItemsMessage(IReadOnlyList<SignedItem> Items, bool Direct = false) : GossipMessage
{
    public override int WireSize => 4 + Items.Sum(i => i.CalculateSize() + 4);
}
