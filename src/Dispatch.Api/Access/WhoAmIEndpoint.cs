using System.Security.Claims;
using Dispatch.Api.Hosting;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Dispatch.Api.Access;

/// <param name="Actor">What every event this caller appends records as its actor.</param>
/// <param name="Credential">bearer or api-key.</param>
public sealed record CallerView(string Actor, string Credential, string? Name, IReadOnlyList<string> Roles, IReadOnlyList<Guid> UnitIds,
    IReadOnlyList<string> Grants, IReadOnlyList<string> Contracts, IReadOnlyList<string>? Departments = null);

/// <summary>Who the API takes the caller for: to check a token or key before using it.</summary>
public static class WhoAmIEndpoint
{
    [Authorize(Policy = Policies.AnyRole)]
    [WolverineGet("/me")]
    public static CallerView Get(HttpContext http)
    {
        var user = http.User;
        return new CallerView(http.Caller().Actor,
            user.Identity?.AuthenticationType == ApiKeys.Scheme ? "api-key" : "bearer",
            user.FindFirst("name")?.Value,
            [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value).Distinct().Order(StringComparer.Ordinal)],
            [.. UnitScope.OwnUnits(user).Order()],
            [.. user.FindAll(AccessClaims.Grant).Select(c => c.Value).Distinct().Order(StringComparer.Ordinal)],
            [.. user.FindAll(AccessClaims.Contract).Select(c => c.Value).Distinct().Order(StringComparer.Ordinal)],
            [.. DepartmentScope.OwnDepartments(user).Order(StringComparer.Ordinal)]);
    }
}
