namespace TradeNode.Tests.P2P;

/// <summary>Real <c>tradenode node</c> processes on loopback, each seeded with the one before it (a line).</summary>
[Collection(NodeProcessCollection.Name)]
public sealed class NodeLineTests() : NodeProcessTestBase("line")
{
    /// <summary>
    /// Each node dials only its seed (--max-outbound 1; 0 for the first), so the line stays a line although the
    /// nodes learn every address from the node profiles.
    /// </summary>
    private async Task<NodeProcess> StartAsync(string name, int port, params string[] seeds)
    {
        var node = await NodeProcess.StartAsync(Path.Combine(Root, name), port, seeds, ["--max-outbound", seeds.Length == 0 ? "0" : "1"]);
        Nodes.Add(node);
        return node;
    }

    private async Task<NodeProcess[]> StartLineAsync(int count)
    {
        var line = new NodeProcess[count];
        for (var i = 0; i < count; i++)
        {
            line[i] = await StartAsync($"n{i}", NodeProcess.FreePort(), i == 0 ? [] : [line[i - 1].Address]);
        }

        for (var i = 0; i < count; i++)
        {
            var node = line[i];
            var expected = i == 0 || i == count - 1 ? 1 : 2;
            await Eventually.TrueAsync(async () => await node.PeerCountAsync() == expected, $"node {i} has its {expected} neighbours");
        }

        return line;
    }

    private static Task HasAsync(NodeProcess node, Func<IReadOnlyList<NodeItem>, bool> condition, string what) =>
        Eventually.TrueAsync(async () => condition(await node.ItemsAsync()), what);

    [Fact]
    public async Task Items_replacements_tombstones_and_expiry_travel_the_length_of_a_line_of_five()
    {
        var line = await StartLineAsync(5);
        var first = line[0];
        var last = line[^1];
        Assert.DoesNotContain((await first.InfoAsync()).GetProperty("peers").EnumerateArray(), p => p.GetProperty("key").GetString() == last.NodeKey);

        var id = await first.PublishAsync("offer", "btc-eur", 1, "price 1");
        foreach (var node in line)
        {
            await HasAsync(node, items => items.Any(i => i.Id == id), $"the offer reaches {node.Address}");
        }

        var replacement = await first.PublishAsync("offer", "btc-eur", 2, "price 2");
        await HasAsync(last, items => items.Any(i => i.Id == replacement) && items.All(i => i.Id != id), "the replacement reaches the last node and displaces the original");
        Assert.Equal("price 2", (await last.ItemsAsync("offer")).Single(i => i.Key == "btc-eur").Body);

        await first.TombstoneAsync("offer", "btc-eur", 2);
        await HasAsync(last, items => items.All(i => i.Key != "btc-eur" || i.Kind != "offer"), "the tombstone removes the offer on the last node");

        var shortLived = await first.PublishAsync("listing", "flash-sale", 1, "gone soon", ttlSeconds: 3);
        await HasAsync(last, items => items.Any(i => i.Id == shortLived), "the short-lived listing reaches the last node");
        foreach (var node in line)
        {
            await HasAsync(node, items => items.All(i => i.Id != shortLived), $"the expired listing is swept on {node.Address}");
        }
    }

    [Fact]
    public async Task A_restarted_node_catches_up_and_gets_mail_sent_while_it_was_down_exactly_once_through_a_third_node()
    {
        var line = await StartLineAsync(3);
        var (sender, relay, recipient) = (line[0], line[1], line[2]);
        await HasAsync(sender, items => items.Any(i => i.Kind == "node-profile" && i.Author == recipient.NodeKey), "the sender knows the recipient's profile");

        Assert.Equal(0, await recipient.StopAsync());
        var offer = await sender.PublishAsync("offer", "while-down", 1, "missed");
        var messageId = await sender.SendMailAsync(recipient.NodeKey, "hello while you were away");
        await HasAsync(relay, items => items.Any(i => i.Id == offer) && items.Any(i => i.Kind == "mailbox"), "the relay stores the offer and the mail");

        var restarted = await NodeProcess.StartAsync(recipient.DataDirectory, recipient.Port, [relay.Address], ["--max-outbound", "1"]);
        Nodes.Add(restarted);

        Assert.Equal(recipient.NodeKey, restarted.NodeKey);
        await HasAsync(restarted, items => items.Any(i => i.Id == offer), "the restarted node syncs the offer it missed");
        await Eventually.TrueAsync(async () => (await restarted.MailAsync()).Count > 0, "the mail is delivered after the restart");
        foreach (var node in new[] { sender, relay, restarted })
        {
            await HasAsync(node, items => items.All(i => i.Kind != "mailbox"), $"the acknowledgement removes the mailbox item on {node.Address}");
        }

        var mail = Assert.Single(await restarted.MailAsync());
        Assert.Equal(messageId, mail.MessageId);
        Assert.Equal(sender.NodeKey, mail.Sender);
        Assert.Equal("hello while you were away", mail.Payload);
    }
}
