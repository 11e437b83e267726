using System.CommandLine;
using System.Globalization;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>--limit N</c> and <c>--page-token T</c> of a verb that lists a long result page by page.</summary>
internal sealed class PageOptions
{
    private readonly Option<int> _limit = new("--limit")
    {
        Description = "Entries per page, 1 to 500 (default: the node's, 50).",
        HelpName = "n",
        CustomParser = result => OptionParsers.ParseInt(result, "--limit", 1, 500),
    };

    private readonly Option<string> _token = new("--page-token")
    {
        Description = "Continue after the previous page (the token it printed).",
        HelpName = "token",
    };

    public PageOptions(Command command)
    {
        command.Options.Add(_limit);
        command.Options.Add(_token);
    }

    public PageRequest Read(ParseResult parseResult) => new()
    {
        PageSize = parseResult.GetValue(_limit),
        PageToken = parseResult.GetValue(_token) ?? string.Empty,
    };

    /// <summary>After a table: how many of how many, and how to get the next page.</summary>
    public static void WriteFooter(TextWriter output, int shown, PageInfo? page)
    {
        if (page is null || string.IsNullOrEmpty(page.NextPageToken))
        {
            return;
        }

        output.WriteLine($"{shown.ToString(CultureInfo.InvariantCulture)} of {page.TotalCount.ToString(CultureInfo.InvariantCulture)} shown; next page: --page-token {page.NextPageToken}");
    }
}
