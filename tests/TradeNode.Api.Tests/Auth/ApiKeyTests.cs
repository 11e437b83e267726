using TradeNode.Api.Auth;

namespace TradeNode.Api.Tests.Auth;

public sealed class ApiKeyTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tradenode-apikey-{Guid.NewGuid():N}");

    public ApiKeyTests() => Directory.CreateDirectory(_directory);

    private string CookiePath => Path.Combine(_directory, ApiKey.CookieFileName);

    [Fact]
    public void The_first_start_writes_64_hex_characters_readable_by_the_owner_only()
    {
        var key = ApiKey.LoadOrCreate(_directory);
        var text = File.ReadAllText(CookiePath).Trim();

        Assert.Matches("^[0-9a-f]{64}$", text);
        Assert.True(key.Matches(text));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CookiePath));
        }
    }

    [Fact]
    public void A_later_start_keeps_the_key_and_two_directories_get_different_keys()
    {
        ApiKey.LoadOrCreate(_directory);
        var first = File.ReadAllText(CookiePath).Trim();
        var again = ApiKey.LoadOrCreate(_directory);
        var other = Path.Combine(_directory, "other");
        Directory.CreateDirectory(other);
        ApiKey.LoadOrCreate(other);

        Assert.True(again.Matches(first));
        Assert.NotEqual(first, File.ReadAllText(Path.Combine(other, ApiKey.CookieFileName)).Trim());
    }

    [Fact]
    public void A_malformed_cookie_is_replaced_by_a_fresh_key()
    {
        File.WriteAllText(CookiePath, "not a key\n");

        var key = ApiKey.LoadOrCreate(_directory);
        var text = File.ReadAllText(CookiePath).Trim();

        Assert.Matches("^[0-9a-f]{64}$", text);
        Assert.True(key.Matches(text));
        Assert.False(key.Matches("not a key"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    public void Missing_empty_and_wrong_keys_do_not_match(string? presented)
    {
        var key = ApiKey.LoadOrCreate(_directory);

        Assert.False(key.Matches(presented));
        Assert.False(key.Matches(File.ReadAllText(CookiePath).Trim()[..63]));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
