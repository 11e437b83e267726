namespace TradeNode.Tui.Formatting;

/// <summary>Node ids on screen: long bech32-style ids shortened to a recognisable prefix.</summary>
public static class NodeText
{
    /// <summary>The first 12 characters of <paramref name="nodeId"/> followed by an ellipsis when cut.</summary>
    public static string Short(string? nodeId) =>
        string.IsNullOrEmpty(nodeId) ? "?" : nodeId.Length <= 12 ? nodeId : nodeId[..12] + "…";
}
