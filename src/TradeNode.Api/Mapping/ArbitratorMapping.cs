using TradeNode.Api.V1;
using TradeNode.Core.Market.Arbitrators;
using TradeNode.P2P.Identity;

namespace TradeNode.Api.Mapping;

/// <summary>Arbitrator profiles as API messages.</summary>
internal static class ArbitratorMapping
{
    public static Arbitrator ToArbitrator(ArbitratorProfile profile, NodeId self)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var result = new Arbitrator
        {
            NodeId = profile.NodeId.ToString(),
            FeeBps = profile.FeeBps,
            Description = profile.Description,
            EscrowXpub = profile.EscrowXpub,
            UpdatedAt = CommonMapping.ToTimestamp(profile.Published),
            IsMine = profile.NodeId == self,
        };
        result.Languages.AddRange(profile.Languages);
        return result;
    }
}
