namespace TradeNode.P2P.Items;

public enum ItemAcceptanceStatus
{
    Stored = 1,
    Duplicate,
    Rejected,
}
