using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode ratings publish ID --stars N [--text T]</c>: the buyer rates the vendor of a completed goods order.</summary>
internal sealed class RatingsPublishCommand : ClientCommand
{
    private readonly Argument<string> _id = new("order-id") { Description = "A completed goods order in which this node was the buyer." };

    private readonly Option<int> _stars = new("--stars")
    {
        Description = "1 (bad) to 5 (excellent).",
        HelpName = "1-5",
        Required = true,
        CustomParser = result => OptionParsers.ParseInt(result, "--stars", 1, 5),
    };

    private readonly Option<string> _text = new("--text") { Description = "What went well or not, at most 500 characters.", HelpName = "text" };

    public RatingsPublishCommand()
        : base("publish", "Rate the vendor of a completed goods order (publishing it again replaces the rating). The rating carries the order's signed contract (no payment accounts, no shipping address), so anyone can check it on chain.",
            "tradenode ratings publish 7c1d... --stars 5 --text \"Fast and friendly\"", "tradenode ratings publish 7c1d... --stars 2 --json")
    {
        Arguments.Add(_id);
        Options.Add(_stars);
        Options.Add(_text);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new PublishRatingRequest { TradeId = parseResult.GetValue(_id)!.Trim(), Stars = parseResult.GetValue(_stars), Text = parseResult.GetValue(_text) ?? string.Empty };
        var rating = await context.Connection.Ratings.PublishAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(rating, () => RatingDisplay.Write(context.Output, rating));
    }
}
