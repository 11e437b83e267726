namespace TradeNode.P2P.Items;

/// <summary>Limits on node profile bodies.</summary>
public static class NodeProfiles
{
    public const int MaxAddresses = 16;

    public const int MaxAddressLength = 255;

    public const int MaxNameLength = 64;
}
