using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode arbitrators register</c>: publishes this node's arbitrator profile.</summary>
internal sealed class ArbitratorsRegisterCommand : ClientCommand
{
    private readonly Option<string> _name = new("--name") { Description = "Display name.", HelpName = "name", Required = true };

    private readonly Option<int> _fee = new("--fee")
    {
        Description = "Fee for a dispute, percent of the escrowed amount, 0 to 10 (e.g. 1%).",
        HelpName = "percent",
        Required = true,
        CustomParser = ClientParsers.ParsePercentAsBps,
    };

    private readonly Option<string[]> _languages = new("--language")
    {
        Description = "A language the arbitrator works in, ISO 639-1 (repeatable; at least one).",
        HelpName = "code",
        Required = true,
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string> _description = new("--description") { Description = "How the arbitrator works, contact hours.", HelpName = "text" };

    public ArbitratorsRegisterCommand()
        : base("register", "Publish (or replace) this node's arbitrator profile, with the wallet's escrow key. Needs a wallet.", "tradenode arbitrators register --name \"Carol\" --fee 1% --language en --language de")
    {
        Options.Add(_name);
        Options.Add(_fee);
        Options.Add(_languages);
        Options.Add(_description);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new RegisterArbitratorRequest
        {
            Name = parseResult.GetValue(_name),
            FeeBps = parseResult.GetValue(_fee),
            Description = parseResult.GetValue(_description) ?? string.Empty,
        };
        request.Languages.AddRange((parseResult.GetValue(_languages) ?? []).Select(language => language.Trim().ToLowerInvariant()));
        var response = await context.Connection.Arbitrators.RegisterAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () =>
        {
            var arbitrator = response.Arbitrator ?? new Arbitrator();
            context.Output.WriteLine("Arbitrator profile published.");
            new Fields()
                .Add("Node id", arbitrator.NodeId)
                .Add("Name", arbitrator.Name)
                .Add("Fee", Display.Bps(arbitrator.FeeBps))
                .Add("Languages", Display.List(arbitrator.Languages))
                .Add("Escrow xpub", arbitrator.EscrowXpub)
                .Write(context.Output);
        });
    }
}
