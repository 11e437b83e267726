using TradeNode.P2P.Items;
using TradeNode.P2P.Simulation;

namespace TradeNode.P2P.Tests.Simulation;

public class InMemoryNetworkTests
{
    private static (InMemoryNetwork Network, ItemId Id) Spread(int seed, double loss)
    {
        var network = new InMemoryNetwork(seed);
        network.AddNodes(100);
        network.ConnectRandomly(8, LinkConditions.Default with { LossRate = loss });
        var item = network.CreateItem();
        _ = network.Nodes[0].Engine.PublishAsync(item);
        network.Run(TimeSpan.FromMinutes(1));
        return (network, ItemId.Compute(item.Content.Span));
    }

    [Fact]
    public void A_100_node_network_without_loss_reaches_every_node()
    {
        var (network, id) = Spread(seed: 42, loss: 0);

        Assert.Equal(100, network.CountHolding(id));
        Assert.Equal(0, network.Clock.PendingEvents);
    }

    [Fact]
    public void A_100_node_network_with_1_percent_loss_reaches_at_least_99_percent()
    {
        var (network, id) = Spread(seed: 42, loss: 0.01);

        Assert.True(network.CountHolding(id) >= 99);
        Assert.True(network.Nodes.SelectMany(n => n.Links).Sum(l => l.MessagesLost) > 0);
    }

    [Fact]
    public void The_same_seed_gives_the_same_run()
    {
        var (first, firstId) = Spread(seed: 7, loss: 0.01);
        var (second, secondId) = Spread(seed: 7, loss: 0.01);

        Assert.Equal(firstId, secondId);
        Assert.Equal(first.ArrivalTimes(firstId), second.ArrivalTimes(secondId));
        Assert.Equal(first.Nodes.Select(n => n.BytesSent), second.Nodes.Select(n => n.BytesSent));
    }
}
