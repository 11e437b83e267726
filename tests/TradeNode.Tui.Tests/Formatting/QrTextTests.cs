using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Tests.Formatting;

public sealed class QrTextTests
{
    [Fact]
    public void A_bech32_address_in_upper_case_draws_as_a_version_2_code_in_14_lines_of_27_half_blocks()
    {
        var lines = QrText.Render("BCRT1QY5SK6D0ZUXJRY2QV2VCY3KWQU5MXXXXXXXXXXX");

        // 25 modules plus one module of quiet zone on each side; two module rows per line.
        Assert.Equal(14, lines.Count);
        Assert.All(lines, line => Assert.Equal(27, line.Length));
        Assert.All(lines, line => Assert.True(line.All(c => c is ' ' or '▀' or '▄' or '█')));

        // The quiet zone is light: the first line's upper halves and every line's edges.
        Assert.True(lines[0].All(c => c is '█' or '▀'));
        Assert.All(lines, line => Assert.True(line[0] is '█' && line[^1] is '█'));
    }
}
