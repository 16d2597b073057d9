"""劳动和技能竞赛: rules, services, selectors, counting, pages and the API of contests."""
