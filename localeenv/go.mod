module env.riskbook/localeenv

go 1.26
