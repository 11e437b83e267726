using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode ratings list --vendor ID | --listing ID</c>: ratings with their on-chain verification and a summary.</summary>
internal sealed class RatingsListCommand : ClientCommand
{
    private readonly Option<string> _vendor = new("--vendor") { Description = "The rated node's id (tn1...).", HelpName = "node-id" };

    private readonly Option<string> _listing = new("--listing") { Description = "Only ratings of this listing.", HelpName = "listing-id" };

    public RatingsListCommand()
        : base("list", "List a vendor's (or listing's) ratings, newest first; only ratings verified on chain count towards the average.",
            "tradenode ratings list --vendor tn1...", "tradenode ratings list --listing 3f2a... --json")
    {
        Options.Add(_vendor);
        Options.Add(_listing);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var vendor = parseResult.GetValue(_vendor)?.Trim() ?? string.Empty;
        var listing = parseResult.GetValue(_listing)?.Trim() ?? string.Empty;
        if (vendor.Length == 0 && listing.Length == 0)
        {
            throw new UsageException("Give --vendor, --listing or both.");
        }

        var response = await context.Connection.Ratings.ListAsync(new ListRatingsRequest { VendorNodeId = vendor, ListingId = listing }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () =>
        {
            context.Output.WriteLine($"Summary: {RatingDisplay.Summary(response.Summary)}");
            var table = new TextTable("STARS", "VERIFIED", "AUTHOR", "TEXT", "PUBLISHED");
            foreach (var rating in response.Ratings)
            {
                table.Add(RatingDisplay.Stars(rating.Stars), rating.Verified ? "yes" : "no: " + rating.UnverifiedReason, rating.AuthorNodeId, Display.OrDash(rating.Text), Display.Time(rating.PublishedAt));
            }

            table.Write(context.Output, "No ratings.");
        });
    }
}
