using System.Text;
using QRCoder;

namespace TradeNode.Tui.Formatting;

/// <summary>
/// Draws a QR code with text characters: each character holds two modules stacked (upper and lower half blocks), so
/// a code fits a terminal whose cells are about twice as tall as wide. Dark modules are drawn as spaces on a light
/// block background, so the code reads on a dark terminal too; the quiet zone is one module.
/// </summary>
public static class QrText
{
    /// <summary>The lines of the code for <paramref name="payload"/> (a bitcoin address, upper-cased for a smaller code by the caller if wanted).</summary>
    public static IReadOnlyList<string> Render(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.L);

        // QRCoder's matrix already carries a 4-module quiet zone; keep one module of it.
        var matrix = data.ModuleMatrix;
        const int trim = 3;
        var size = matrix.Count - (2 * trim);
        var lines = new List<string>((size + 1) / 2);
        for (var row = 0; row < size; row += 2)
        {
            var line = new StringBuilder(size);
            for (var column = 0; column < size; column++)
            {
                var upperDark = matrix[row + trim][column + trim];
                var lowerDark = row + 1 < size && matrix[row + 1 + trim][column + trim];
                line.Append((upperDark, lowerDark) switch
                {
                    (true, true) => ' ',
                    (true, false) => '▄',
                    (false, true) => '▀',
                    _ => '█',
                });
            }

            lines.Add(line.ToString());
        }

        return lines;
    }
}
