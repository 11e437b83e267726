using TradeNode.P2P.Items;

namespace TradeNode.P2P.Sync;

/// <summary>
/// The outcome of processing one reconciliation message: the reply to send (null when this side has nothing more
/// to say), the ids this side has that the other lacks (to send) and the ids the other has that this side lacks
/// (to request). Each id is reported at most once per session.
/// </summary>
public sealed class ReconcileStep
{
    internal ReconcileStep(byte[]? reply, IReadOnlyList<ItemId> haveIds, IReadOnlyList<ItemId> needIds)
    {
        Reply = reply;
        HaveIds = haveIds;
        NeedIds = needIds;
    }

    /// <summary>The message to send back, or null when the session is over for this side.</summary>
    public byte[]? Reply { get; }

    /// <summary>Ids this side has and the other side lacks.</summary>
    public IReadOnlyList<ItemId> HaveIds { get; }

    /// <summary>Ids the other side has and this side lacks.</summary>
    public IReadOnlyList<ItemId> NeedIds { get; }
}
