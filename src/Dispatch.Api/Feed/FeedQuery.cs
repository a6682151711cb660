using System.Security.Claims;
using Dispatch.Api.Access;
using Dispatch.Domain.Reference;

namespace Dispatch.Api.Feed;

/// <summary>
/// The query both feed endpoints share: a cursor, contract names and a grid, checked into a <see cref="FeedFilter"/>.
/// Without <c>types</c> a consumer gets every contract it is granted; naming one it is not granted is a 403, not a
/// silently empty feed, so a misconfigured integrator finds out at once.
/// </summary>
public static class FeedQuery
{
    public static IReadOnlySet<string> Granted(ClaimsPrincipal user) =>
        user.FindAll(AccessClaims.Contract).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

    public static long? Cursor(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value)) return 0;
        if (long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var cursor))
            return cursor;
        errors[field] = [(field == "lastEventId" ? "the Last-Event-ID header " : "") + "must be a global event sequence: a whole number, 0 or more (the 'next' of a page, or an SSE id)"];
        return null;
    }

    /// <summary>The filter, or null with the reason in <paramref name="errors"/> or <paramref name="notGranted"/>.</summary>
    public static FeedFilter? Filter(string? types, string? grid, ClaimsPrincipal user, ReferenceData reference,
        Dictionary<string, string[]> errors, out IReadOnlyList<string> notGranted)
    {
        notGranted = [];
        var granted = Granted(user);
        var known = IntegrationContracts.All.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        IReadOnlySet<string> wanted = granted;
        if (types is not null)
        {
            var names = types.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var unknown = names.Where(n => !known.Contains(n)).ToList();
            if (names.Length == 0 || unknown.Count > 0)
                errors["types"] = [$"must be a comma-separated list of contract names, from: {string.Join(", ", known)}" +
                                   (unknown.Count > 0 ? $" (unknown: {string.Join(", ", unknown.Take(5))})" : "")];
            else
            {
                notGranted = [.. names.Where(n => !granted.Contains(n)).Distinct()];
                wanted = names.ToHashSet(StringComparer.Ordinal);
            }
        }
        int? gridNumber = null;
        if (grid is not null)
        {
            if (int.TryParse(grid, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
                && reference.Grids.Any(g => g.Number == number))
                gridNumber = number;
            else errors["grid"] = [$"must be a grid number, one of {string.Join(", ", reference.Grids.Select(g => g.Number).Order())}"];
        }
        return errors.Count > 0 || notGranted.Count > 0 ? null : new FeedFilter(wanted, gridNumber);
    }

    public static IResult NotGranted(IReadOnlyList<string> contracts, HttpContext http) => Results.Problem(
        statusCode: StatusCodes.Status403Forbidden, title: "contract-not-granted",
        type: "https://wuyang-patrol.example/problems/contract-not-granted", instance: http.Request.Path,
        detail: $"Your credential is not granted {string.Join(", ", contracts)}; ask for the contract to be added to your key or token.");
}
