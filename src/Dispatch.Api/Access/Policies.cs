using Dispatch.Domain.Access;
using Microsoft.AspNetCore.Authorization;

namespace Dispatch.Api.Access;

/// <summary>Claims beyond the standard role claim.</summary>
public static class AccessClaims
{
    /// <summary>A field unit's own unit id (a device gateway may carry several).</summary>
    public const string UnitId = "unit_id";
    /// <summary>A permission a role holds only when granted, e.g. <see cref="Grants.DutyLevel"/>.</summary>
    public const string Grant = "grant";
    /// <summary>An integration contract an integrator may read (issue 6's feed checks it).</summary>
    public const string Contract = "contract";
    /// <summary>A department caller's department code (fire, health, civil-affairs, traffic, township-...).</summary>
    public const string Department = "department";
}

public static class Grants
{
    /// <summary>A dispatcher with this grant may change the duty level and designate peak duty.</summary>
    public const string DutyLevel = "duty-level";
}

/// <summary>
/// Every endpoint names one of these policies (<c>[Authorize(Policy = Policies.X)]</c>); an endpoint without one
/// stops start-up (<see cref="AccessStartupCheck"/>). Policies name work, the roles that may do it are set here only.
/// Where the resource is a unit's (its status, position, check-ins) the endpoint also checks <see cref="UnitScope"/>.
/// </summary>
public static class Policies
{
    public const string Dispatch = "dispatch";
    public const string ChangeDutyLevel = "change-duty-level";
    public const string Read = "read";
    /// <summary>Read, and field units too (the endpoint narrows a field unit to its own unit or incident where the resource is one).</summary>
    public const string ReadAlsoAsUnit = "read-also-as-unit";
    /// <summary>A dispatcher for any unit, a field unit for its own (status, duty).</summary>
    public const string UnitProgress = "unit-progress";
    /// <summary>Only a field unit for its own unit (position, check-ins, roll-call answers): what it reports proves presence.</summary>
    public const string UnitReport = "unit-report";
    public const string Inspect = "inspect";
    /// <summary>Stock keeping and relief distribution (depot receipts, write-offs, relief rounds and issues): dispatchers and administrators.</summary>
    public const string Logistics = "logistics";
    public const string Administer = "administer";
    public const string ReadKeys = "read-keys";
    /// <summary>Integrators' feed and webhooks (issue 6), limited further to the contracts granted.</summary>
    public const string Feed = "feed";
    /// <summary>Webhooks and their attempt logs: an integrator its own, readers and auditors every one.</summary>
    public const string ReadWebhooks = "read-webhooks";
    public const string AnyRole = "any-role";
    /// <summary>
    /// Publish and revise emergency plans: a command decision like the duty level, so the dispatcher holding the duty-level
    /// grant (the duty commander); administrators run the system, not operations.
    /// </summary>
    public const string AuthorPlans = "author-plans";
    /// <summary>Lessons about a plan after an incident or a drill: the dispatchers who used it and the inspectors who watched.</summary>
    public const string PlanFeedback = "plan-feedback";
    /// <summary>A department caller, on its own tasks only (<see cref="DepartmentScope"/>).</summary>
    public const string DepartmentWork = "department-work";
    /// <summary>Readers, and department callers narrowed by the endpoint to their own department's incidents.</summary>
    public const string ReadAlsoAsDepartment = "read-also-as-department";
    /// <summary>A one-key call (一键呼叫): the device gateway, or a dispatcher raising it for a person on the phone.</summary>
    public const string OneKeyCall = "one-key-call";

    /// <summary>Who may read the operational state: the board, incidents, compliance, reports.</summary>
    public static readonly IReadOnlyList<string> Readers = [Roles.Dispatcher, Roles.Auditor, Roles.Inspector, Roles.Administrator];

    public static void Configure(AuthorizationOptions options)
    {
        void Add(string name, params string[] roles) => options.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles));
        Add(Dispatch, Roles.Dispatcher);
        options.AddPolicy(ChangeDutyLevel, p => p.RequireAuthenticatedUser().RequireRole(Roles.Dispatcher)
            .RequireClaim(AccessClaims.Grant, Grants.DutyLevel));
        Add(Read, [.. Readers]);
        Add(ReadAlsoAsUnit, [.. Readers, Roles.FieldUnit]);
        Add(UnitProgress, Roles.Dispatcher, Roles.FieldUnit);
        Add(UnitReport, Roles.FieldUnit);
        Add(Inspect, Roles.Inspector);
        Add(Logistics, Roles.Dispatcher, Roles.Administrator);
        Add(Administer, Roles.Administrator);
        Add(ReadKeys, Roles.Administrator, Roles.Auditor);
        Add(Feed, Roles.Integrator);
        Add(ReadWebhooks, [.. Readers, Roles.Integrator]);
        Add(AnyRole, [.. Roles.All]);
        options.AddPolicy(AuthorPlans, p => p.RequireAuthenticatedUser().RequireRole(Roles.Dispatcher)
            .RequireClaim(AccessClaims.Grant, Grants.DutyLevel));
        Add(PlanFeedback, Roles.Dispatcher, Roles.Inspector);
        Add(DepartmentWork, Roles.Department);
        Add(ReadAlsoAsDepartment, [.. Readers, Roles.Department]);
        Add(OneKeyCall, Roles.DeviceGateway, Roles.Dispatcher);

        // Deny by default: an endpoint that names no policy is refused to everybody (and start-up refuses to run
        // with one). Routing's own answers (404, and the bare 405 and 415 endpoints it makes up, which carry no
        // metadata) still reach a caller who signed in.
        options.FallbackPolicy = new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .RequireAssertion(context => context.Resource is HttpContext http && http.GetEndpoint() is not { Metadata.Count: > 0 })
            .Build();
    }
}
