namespace TradeNode.P2P.Gossip;

/// <summary>An item we miss: who was asked, until when, and who else announced it.</summary>
internal sealed class WantedItem
{
    public string? RequestedFrom { get; set; }

    /// <summary>Timestamp (TimeProvider ticks) after which another announcer is asked; 0 while queued.</summary>
    public long Deadline { get; set; }

    /// <summary>Requests made so far (the first one included).</summary>
    public int Attempts { get; set; }

    public List<string> Announcers { get; } = [];
}
