namespace TradeNode.Tests.Cli;

/// <summary>Every client verb of <c>tradenode</c>, as the words that name it.</summary>
internal static class ClientVerbs
{
    public static IReadOnlyList<string[]> All { get; } =
    [
        ["node", "info"], ["node", "stop"],
        ["wallet", "status"], ["wallet", "create"], ["wallet", "restore"], ["wallet", "unlock"], ["wallet", "lock"],
        ["wallet", "balance"], ["wallet", "address"], ["wallet", "transactions"], ["wallet", "send"], ["wallet", "fund"], ["wallet", "watch"],
        ["offers", "create"], ["offers", "get"], ["offers", "list"], ["offers", "mine"], ["offers", "edit"], ["offers", "cancel"], ["offers", "watch"], ["offers", "payment-methods"], ["offers", "price"],
        ["listings", "create"], ["listings", "update"], ["listings", "delete"], ["listings", "get"], ["listings", "search"], ["listings", "mine"], ["listings", "watch"],
        ["arbitrators", "register"], ["arbitrators", "list"],
        ["peers", "list"], ["peers", "add"], ["peers", "remove"],
        ["trades", "take"], ["trades", "list"], ["trades", "get"], ["trades", "payment-sent"], ["trades", "payment-received"], ["trades", "cancel"], ["trades", "watch"],
        ["trades", "chat"], ["trades", "chat-list"], ["trades", "chat-watch"],
        ["ratings", "publish"], ["ratings", "list"],
        ["orders", "place"], ["orders", "list"], ["orders", "get"], ["orders", "accept"], ["orders", "decline"], ["orders", "fulfil"],
        ["orders", "confirm-receipt"], ["orders", "refund"], ["orders", "watch"],
    ];

    public static TheoryData<string, string> Data()
    {
        var data = new TheoryData<string, string>();
        foreach (var verb in All)
        {
            data.Add(verb[0], verb[1]);
        }

        return data;
    }
}
