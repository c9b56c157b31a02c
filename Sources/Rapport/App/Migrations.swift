import Fluent

/// Every migration in the order it runs. Shipped migrations are history: never edit, reorder or rename them.
enum RapportMigrations {
    static let all: [any Migration] = [
        CreateWorkspaces(),          // tenants
        CreateUsers(),               // people who sign in, with roles
        CreateTeams(),               // teams and memberships
        CreateAPITokens(),           // hashed API tokens
        CreateOrganizations(),       // companies whose people are customers
        CreateCustomers(),           // customers, their emails, tags and profile values
        CreatePlaybookOverrides(),   // a workspace's edits to the default playbook
        IndexCustomerDetailsByCustomer(), // per-customer lookups of emails, tags and profile
        CreateTickets(),             // tickets, followers, messages, attachments, the event log
        CreateTicketSearch(),        // full-text search: FTS5 on SQLite, tsvector indexes on PostgreSQL
        CreateServiceLevels(),       // business calendars and SLA policies
        FoldTicketSearchAccents(),   // PostgreSQL search folds accents as SQLite's does
        CreateRouting(),             // agent availability and skills, team routing modes, round-robin turns
        CreateMacrosAndSavedViews(), // macros and saved ticket views
        AddTicketEventMergedFrom(),  // where a merged ticket's moved events came from
        CreateFollowUps(),           // scheduled calls, emails, visits and progress updates on tickets
        CreateNotifications(),       // in-app notifications, kept for a mailer to send later
        CreateAutomations(),         // automation rules and the firings that make each fire once
        CreateMailFoundation(),      // support addresses, and the Message-IDs that thread mail to tickets
        IndexTicketQueues(),         // a team's queue by status and priority
        CreateOutboundMail(),        // SMTP settings per workspace, acknowledgement template, the outbox
        CreateInboundMail(),         // received mail and its fate, mail parts of ticket messages, inbound secrets
        CreateOrders(),              // customers' orders and order lines
        CreateCustomerValues(),      // per-workspace BG/NBD and Gamma-Gamma fits, per-customer value figures
        CreateTriageLabels(),        // agents' confirmed triage labels, training data for each workspace's model
        CreateTicketTriage(),        // triage suggestions for tickets, confirmed or corrected by agents
        AddProfileValueExplanations(), // derived profile values say why
        CreateProfileDerivations(),  // derived profile values, kept under agents' settings
        CreateProfileQueue(),        // customers whose profile the background job recomputes
        IndexMessagesByCustomer(),   // a customer's messages, for their communication styles
        RenameSystemProfileSource(), // order-based profile values say source `orders`
        CreateMetricAggregates(),    // daily metric counters per dimension, each ticket's contribution
        CreateFeedback(),            // CSAT and NPS answers and remarks recorded by hand
        CreateWebSessions(),         // browser sessions of staff and portal customers (hashed secrets)
        CreateWebSignInLinks(),      // emailed password-reset and portal sign-in links (hashed, single use)
        CreateSurveys(),             // CSAT and NPS survey invitations (hashed tokens), NPS campaigns, feedback product
        CreateImprovements(),        // improvement actions linked to insights and themes
        CreateReportSchedules(),     // scheduled report mail and the periods already sent
        CreateMetricTotals(),        // all-time metric sums per dimension value: the backlog without reading all history
        AddInboundRawPacks(),        // raw inbound mail stored a batch to a file: pack and offset per message
        AddTicketSearchPrefixes(),   // SQLite's search index gets prefix indexes for two- and three-letter prefixes
        CreateMetricMonthly(),       // metric_daily summed by month: long periods read months, not days
    ]
}
